import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsEnum, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { AccessibilityFeature } from '@harbour/domain';
import '../enums';
import { NullMeaning, NullMeanings } from '../../common/null-meaning';
import { LIMITS } from './limits';

@InputType({ description: 'Bed spaces to add to a room (created when new) of a shelter. Staff of the shelter or coordinators.' })
export class AddBedsInput {
  @Field(() => ID, { description: 'Shelter id.' })
  @IsUUID()
  shelterId: string;

  @Field({ description: `Room label, 1-${LIMITS.roomLabel} characters.` })
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.roomLabel)
  roomLabel: string;

  @Field(() => Int, { description: 'How many bed spaces, 1..50.' })
  @IsInt()
  @Min(1)
  @Max(50)
  count: number;

  @Field(() => [AccessibilityFeature], {
    nullable: true,
    description: 'Accessibility features of the room: replace the existing ones when given ([] for none); omitted keeps them. Cannot be null.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.accessibilityFeatures)
  @IsEnum(AccessibilityFeature, { each: true })
  accessibilityFeatures?: AccessibilityFeature[] | null;
}

/** What null means for each optional field of {@link AddBedsInput} (its description says it too). */
export const ADD_BEDS_NULLS = {
  accessibilityFeatures: NullMeaning.REFUSED,
} as const satisfies NullMeanings<AddBedsInput>;
