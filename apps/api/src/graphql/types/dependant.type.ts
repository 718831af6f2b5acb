import { Field, ObjectType } from '@nestjs/graphql';
import { AgeBand, Gender } from '@harbour/domain';
import '../enums';

@ObjectType({ description: 'A dependant in the household (a child, or an adult who moves with the referred person). No name, no date of birth.' })
export class Dependant {
  @Field(() => AgeBand, { description: 'Age band.' })
  ageBand: AgeBand;

  @Field(() => Gender, { nullable: true, description: 'Gender, when given (adult dependants are checked against the gender policy).' })
  gender: Gender | null;
}
