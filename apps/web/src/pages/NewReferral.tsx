import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocation } from 'wouter';
import { ApiError, gql } from '../api';
import { PageTitle } from '../components/common';
import { graphql } from '../gql';
import type { AccessibilityFeature, AgeBand, CreateReferralInput, Gender, Urgency } from '../gql/graphql';
import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n';

const RegionsDocument = graphql(`
  query Regions {
    regions {
      code
      name
    }
  }
`);

const CreateReferralDocument = graphql(`
  mutation CreateReferral($input: CreateReferralInput!) {
    createReferral(input: $input) {
      id
    }
  }
`);

const GENDERS: Gender[] = ['FEMALE', 'MALE', 'NON_BINARY'];
const AGE_BANDS: AgeBand[] = ['UNDER_18', 'AGE_18_24', 'AGE_25_34', 'AGE_35_44', 'AGE_45_54', 'AGE_55_PLUS'];
const URGENCIES: Urgency[] = ['EMERGENCY', 'URGENT', 'ROUTINE'];
const FEATURES: AccessibilityFeature[] = ['WHEELCHAIR', 'STEP_FREE', 'HEARING_LOOP', 'VISUAL_SUPPORT'];

/** Form fields in page order: the error summary links to the first field with an error. */
const FIELD_ORDER = [
  'agencyReference',
  'initials',
  'gender',
  'ageBand',
  'consentGiven',
  'urgency',
  'languages',
  'dependants',
  'accessibilityNeeds',
  'exclusionRegions',
  'preferredRegions',
  'notes',
];

/** The API field an error names, as this form's field (`dependants.2.ageBand` → `dependants`). */
function formField(apiField: string): string {
  return apiField.split('.')[0];
}

/**
 * Referral officers: a new referral. Nothing is checked here beyond what the
 * browser's inputs do; the API's field errors are shown next to their fields
 * and in a summary at the top.
 */
export function NewReferral() {
  const { t } = useI18n();
  const [, navigate] = useLocation();
  const queryClient = useQueryClient();
  const regions = useQuery({ queryKey: ['regions'], queryFn: () => gql(RegionsDocument) });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const summary = useRef<HTMLDivElement>(null);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (name: string) => String(f.get(name) ?? '').trim();
    const children = Number(text('children') || '0');
    const input: CreateReferralInput = {
      agencyReference: text('agencyReference'),
      initials: text('initials'),
      gender: text('gender') as Gender,
      ageBand: text('ageBand') as AgeBand,
      consentGiven: f.get('consentGiven') === 'on',
      urgency: text('urgency') as Urgency,
      languages: text('languages')
        .split(',')
        .map((l) => l.trim().toLowerCase())
        .filter(Boolean),
      dependants: Array.from({ length: Number.isInteger(children) && children > 0 ? children : 0 }, () => ({ ageBand: 'UNDER_18' as AgeBand })),
      accessibilityNeeds: f.getAll('accessibilityNeeds').map(String) as AccessibilityFeature[],
      exclusionRegions: f.getAll('exclusionRegions').map(String),
      preferredRegions: f.getAll('preferredRegions').map(String),
      ...(text('notes') ? { notes: text('notes') } : {}),
    };
    setBusy(true);
    setErrors({});
    setFormError(null);
    try {
      const data = await gql(CreateReferralDocument, { input });
      await queryClient.invalidateQueries({ queryKey: ['referrals'] });
      navigate(`/referrals/${data.createReferral.id}`);
    } catch (err) {
      const byField: Record<string, string> = {};
      if (err instanceof ApiError) for (const [field, message] of Object.entries(err.fieldErrors())) byField[formField(field)] ??= message;
      setErrors(byField);
      setFormError(Object.keys(byField).length ? null : (err as Error).message);
      requestAnimationFrame(() => summary.current?.focus());
    } finally {
      setBusy(false);
    }
  }

  const problems = FIELD_ORDER.filter((f) => errors[f]);
  const describedBy = (name: string, hint?: boolean) =>
    [hint ? `${name}-hint` : '', errors[name] ? `${name}-error` : ''].filter(Boolean).join(' ') || undefined;
  const fieldProps = (name: string, hint?: boolean) => ({
    id: name,
    name,
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': describedBy(name, hint),
  });

  return (
    <section>
      <PageTitle>{t('referral.title')}</PageTitle>
      <p>{t('referral.intro')}</p>
      <div ref={summary} tabIndex={-1} role="alert" className={problems.length || formError ? 'error-box' : ''}>
        {(problems.length > 0 || formError) && (
          <>
            <h2>{t('referral.errors')}</h2>
            {formError && <p>{formError}</p>}
            <ul>
              {problems.map((f) => (
                <li key={f}>
                  <a href={`#${f}`}>{errors[f]}</a>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
      <form onSubmit={submit} className="stack" noValidate>
        <Field name="agencyReference" label={t('referral.agencyReference')} hint={t('referral.agencyReferenceHint')} error={errors.agencyReference}>
          <input {...fieldProps('agencyReference', true)} autoComplete="off" />
        </Field>
        <Field name="initials" label={t('referral.initials')} hint={t('referral.initialsHint')} error={errors.initials}>
          <input {...fieldProps('initials', true)} autoComplete="off" className="short" />
        </Field>
        <Field name="gender" label={t('referral.gender')} error={errors.gender}>
          <Select props={fieldProps('gender')} options={GENDERS} label={(g) => t(`gender.${g}` as MessageKey)} choose={t('referral.choose')} />
        </Field>
        <Field name="ageBand" label={t('referral.ageBand')} error={errors.ageBand}>
          <Select props={fieldProps('ageBand')} options={AGE_BANDS} label={(a) => t(`ageBand.${a}` as MessageKey)} choose={t('referral.choose')} />
        </Field>
        <div className="field">
          <label className="choice">
            <input type="checkbox" {...fieldProps('consentGiven')} />
            {t('referral.consent')}
          </label>
          {errors.consentGiven && <FieldError name="consentGiven" message={errors.consentGiven} />}
        </div>
        <Field name="urgency" label={t('referral.urgency')} error={errors.urgency}>
          <select {...fieldProps('urgency')} defaultValue="URGENT">
            {URGENCIES.map((u) => (
              <option key={u} value={u}>
                {t(`urgency.${u}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field name="languages" label={t('referral.languages')} hint={t('referral.languagesHint')} error={errors.languages}>
          <input {...fieldProps('languages', true)} autoComplete="off" />
        </Field>
        <Field name="dependants" label={t('referral.children')} error={errors.dependants}>
          <input {...fieldProps('dependants')} name="children" type="number" min={0} max={12} defaultValue={0} inputMode="numeric" className="short" />
        </Field>
        <CheckGroup
          name="accessibilityNeeds"
          legend={t('referral.accessibility')}
          error={errors.accessibilityNeeds}
          options={FEATURES.map((f) => ({ value: f, label: t(`access.${f}`) }))}
        />
        {regions.data && (
          <>
            <CheckGroup
              name="exclusionRegions"
              legend={t('referral.exclusion')}
              error={errors.exclusionRegions}
              options={regions.data.regions.map((r) => ({ value: r.code, label: `${r.name} (${r.code})` }))}
            />
            <CheckGroup
              name="preferredRegions"
              legend={t('referral.preferred')}
              error={errors.preferredRegions}
              options={regions.data.regions.map((r) => ({ value: r.code, label: `${r.name} (${r.code})` }))}
            />
          </>
        )}
        <Field name="notes" label={t('referral.notes')} hint={t('referral.notesHint')} error={errors.notes}>
          <textarea {...fieldProps('notes', true)} maxLength={2000} rows={3} />
        </Field>
        <button type="submit" className="primary" disabled={busy}>
          {t('referral.submit')}
        </button>
      </form>
    </section>
  );
}

function FieldError({ name, message }: { name: string; message: string }) {
  return (
    <p id={`${name}-error`} className="field-error">
      <span aria-hidden="true">⚠ </span>
      {message}
    </p>
  );
}

function Field({ name, label, hint, error, children }: { name: string; label: string; hint?: string; error?: string; children: ReactNode }) {
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={name}>{label}</label>
      {hint && (
        <p id={`${name}-hint`} className="hint">
          {hint}
        </p>
      )}
      {error && <FieldError name={name} message={error} />}
      {children}
    </div>
  );
}

function Select<T extends string>({ props, options, label, choose }: { props: Record<string, unknown>; options: T[]; label(v: T): string; choose: string }) {
  return (
    <select {...props} defaultValue="">
      <option value="">{choose}</option>
      {options.map((o) => (
        <option key={o} value={o}>
          {label(o)}
        </option>
      ))}
    </select>
  );
}

function CheckGroup({ name, legend, error, options }: { name: string; legend: string; error?: string; options: { value: string; label: string }[] }) {
  return (
    <fieldset id={name} tabIndex={-1} aria-describedby={error ? `${name}-error` : undefined} className={error ? 'field-invalid' : ''}>
      <legend>{legend}</legend>
      {error && <FieldError name={name} message={error} />}
      <div className="chips">
        {options.map((o) => (
          <label key={o.value} className="choice chip">
            <input type="checkbox" name={name} value={o.value} />
            {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
