import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { gql } from '../api';
import { Countdown, Notice, PageTitle, QueryState, RoomAndBeds } from '../components/common';
import { graphql } from '../gql';
import type { BedStatus, HoldDeclineReason, ShelterBoardQuery } from '../gql/graphql';
import { calendarDate, isoDatePlus } from '../format';
import { useI18n } from '../i18n/i18n';
import type { Session } from '../session';
import { Stays } from './Stays';
import { OfflinePanel } from '../components/OfflinePanel';
import { enqueue, isNetworkError } from '../offline';

const ShelterBoardDocument = graphql(`
  query ShelterBoard($id: ID!) {
    shelter(id: $id) {
      id
      codeName
      freeBeds
      heldBeds
      occupiedBeds
      totalBeds
      languages
      rooms {
        id
        label
        accessibilityFeatures
        beds {
          id
          label
          status
          outOfServiceReason
          expectedReturn
          statusChangedAt
        }
      }
    }
  }
`);

const ShelterHoldsDocument = graphql(`
  query ShelterHolds($shelterId: ID!) {
    holds(shelterId: $shelterId, status: ACTIVE, first: 50) {
      edges {
        node {
          id
          expiresAt
          room {
            label
          }
          beds {
            label
          }
          referral {
            id
            agencyReference
            initials
            urgency
            languages
            accessibilityNeeds
            dependants {
              ageBand
            }
          }
        }
      }
    }
  }
`);

const SetBedStatusDocument = graphql(`
  mutation SetBedStatus($input: SetBedStatusInput!) {
    setBedStatus(input: $input) {
      id
      label
      status
      outOfServiceReason
      expectedReturn
    }
  }
`);

const ConfirmArrivalDocument = graphql(`
  mutation ConfirmArrival($input: ConfirmArrivalInput!) {
    confirmArrival(input: $input) {
      id
    }
  }
`);

const DeclineHoldDocument = graphql(`
  mutation DeclineHold($holdId: ID!, $reasonCode: HoldDeclineReason!, $reason: String) {
    declineHold(holdId: $holdId, reasonCode: $reasonCode, reason: $reason) {
      id
      status
    }
  }
`);

type Bed = NonNullable<NonNullable<ShelterBoardQuery['shelter']['rooms']>[number]>['beds'][number];

/** Status symbols, so a bed's state never depends on colour alone. */
const STATUS_SYMBOL: Record<BedStatus, string> = { AVAILABLE: '✓', HELD: '◷', OCCUPIED: '●', OUT_OF_SERVICE: '✕' };

const OUT_OF_SERVICE_REASONS = ['REPAIRS', 'CLEANING', 'SAFETY', 'OTHER'] as const;

/** Every reason a hold can be declined for (the API's HoldDeclineReason), in the order staff see them; OTHER last, with a text. */
const DECLINE_REASONS: readonly HoldDeclineReason[] = [
  'NO_STAFF_TO_ADMIT',
  'NO_ROOM_FOR_HOUSEHOLD',
  'NEEDS_NOT_MET',
  'TOO_CLOSE_TO_EXPLOITATION_AREA',
  'REFUSED_BY_PERSON',
  'OTHER',
];

/** Shelter staff: the rooms and beds of one of their shelters, and the holds waiting for arrival. */
export function ShelterBoard({ session }: { session: Session }) {
  const { t } = useI18n();
  const [shelterId, setShelterId] = useState(session.shelterIds[0]);
  const [notice, setNotice] = useState<string | null>(null);
  const [open, setOpen] = useState<Bed | null>(null);
  const board = useQuery({ queryKey: ['shelter', shelterId], queryFn: () => gql(ShelterBoardDocument, { id: shelterId }), refetchInterval: 30_000 });
  const shelter = board.data?.shelter;

  return (
    <section>
      <PageTitle>{t('shelter.title', { name: shelter?.codeName ?? '…' })}</PageTitle>
      {session.shelterIds.length > 1 && (
        <div className="field">
          <label htmlFor="pick-shelter">{t('shelter.pick')}</label>
          <select id="pick-shelter" value={shelterId} onChange={(e) => setShelterId(e.target.value)}>
            {session.shelterIds.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </div>
      )}
      <Notice text={notice} />
      <OfflinePanel onSent={setNotice} />
      <QueryState loading={board.isPending} error={board.error} retry={() => board.refetch()} />
      {shelter && (
        <>
          <p className="summary">
            {t('shelter.summary', { free: shelter.freeBeds, held: shelter.heldBeds, occupied: shelter.occupiedBeds, total: shelter.totalBeds })}
          </p>
          {!shelter.rooms?.length && <p>{t('shelter.noRooms')}</p>}
          {shelter.rooms?.map((room) => (
            <section key={room.id} className="room" aria-labelledby={`room-${room.id}`}>
              <h2 id={`room-${room.id}`}>{t('shelter.room', { label: room.label })}</h2>
              <ul className="beds">
                {room.beds.map((bed) => (
                  <li key={bed.id}>
                    <button type="button" className={`bed bed-${bed.status.toLowerCase()}`} onClick={() => setOpen(bed)} aria-haspopup="dialog">
                      <span aria-hidden="true" className="symbol">
                        {STATUS_SYMBOL[bed.status]}
                      </span>
                      <span>{t('shelter.bed', { label: bed.label, status: t(`bedStatus.${bed.status}`) })}</span>
                      {bed.status === 'OUT_OF_SERVICE' && (
                        <span className="detail">
                          {bed.outOfServiceReason}
                          {bed.expectedReturn ? `, ${t('shelter.bedBack', { date: calendarDate('en', bed.expectedReturn) })}` : ''}
                        </span>
                      )}
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          ))}
          <Holds shelterId={shelter.id} staffLanguages={shelter.languages} onDone={setNotice} />
          <Stays shelterId={shelter.id} onDone={setNotice} />
        </>
      )}
      {open && <BedDialog bed={open} shelterId={shelterId} onClose={() => setOpen(null)} onSaved={setNotice} />}
    </section>
  );
}

/** The bed's status sheet: available, or out of service with a reason and an expected return (three taps from the board). */
function BedDialog({ bed, shelterId, onClose, onSaved }: { bed: Bed; shelterId: string; onClose(): void; onSaved(text: string): void }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const queryClient = useQueryClient();
  const [reason, setReason] = useState<(typeof OUT_OF_SERVICE_REASONS)[number]>('REPAIRS');
  const [otherReason, setOtherReason] = useState('');
  const [expectedReturn, setExpectedReturn] = useState(isoDatePlus(1));
  const mutation = useMutation({
    mutationFn: async (choice: { status: 'AVAILABLE' | 'OUT_OF_SERVICE' }) => {
      const input = {
        bedId: bed.id,
        status: choice.status,
        ...(choice.status === 'OUT_OF_SERVICE' ? { reason: reason === 'OTHER' ? otherReason.trim() : t(`shelter.reason.${reason}`), expectedReturn } : {}),
      };
      try {
        return await gql(SetBedStatusDocument, { input });
      } catch (e) {
        if (!isNetworkError(e)) throw e;
        // No connection: kept on the device and sent when it returns (OfflinePanel).
        const label = t('shelter.bed', { label: bed.label, status: t(`bedStatus.${choice.status}`) });
        await enqueue({ kind: 'setBedStatus', input, label });
        return { queued: label };
      }
    },
    onSuccess: async (data) => {
      if ('queued' in data) {
        onSaved(t('offline.queued', { change: data.queued }));
      } else {
        await queryClient.invalidateQueries({ queryKey: ['shelter', shelterId] });
        onSaved(t('shelter.saved', { label: data.setBedStatus.label, status: t(`bedStatus.${data.setBedStatus.status}`) }));
      }
      onClose();
    },
  });

  useEffect(() => {
    const dialog = ref.current;
    // Opened once; React removes the element (and so the modal) when the sheet closes.
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const changeable = bed.status === 'AVAILABLE' || bed.status === 'OUT_OF_SERVICE';
  function markOut(e: FormEvent) {
    e.preventDefault();
    mutation.mutate({ status: 'OUT_OF_SERVICE' });
  }

  return (
    <dialog ref={ref} aria-labelledby="bed-dialog-title" onClose={onClose} className="sheet">
      <h2 id="bed-dialog-title">{t('shelter.changeTitle', { label: bed.label })}</h2>
      <p>{t('shelter.currentStatus', { status: t(`bedStatus.${bed.status}`) })}</p>
      {!changeable && <p>{t('shelter.notChangeable')}</p>}
      {mutation.error && (
        <p role="alert" className="error-box">
          {mutation.error.message}
        </p>
      )}
      {changeable && (
        <form onSubmit={markOut} className="stack">
          {bed.status === 'OUT_OF_SERVICE' && (
            <button type="button" className="primary" disabled={mutation.isPending} onClick={() => mutation.mutate({ status: 'AVAILABLE' })}>
              {t('shelter.markAvailable')}
            </button>
          )}
          <fieldset>
            <legend>{t('shelter.reason')}</legend>
            <div className="chips">
              {OUT_OF_SERVICE_REASONS.map((r) => (
                <label key={r} className="choice chip">
                  <input type="radio" name="oos-reason" value={r} checked={reason === r} onChange={() => setReason(r)} />
                  {t(`shelter.reason.${r}`)}
                </label>
              ))}
            </div>
          </fieldset>
          {reason === 'OTHER' && (
            <div className="field">
              <label htmlFor="oos-other">{t('shelter.reasonOther')}</label>
              <input id="oos-other" value={otherReason} required maxLength={500} onChange={(e) => setOtherReason(e.target.value)} />
            </div>
          )}
          <div className="field">
            <label htmlFor="oos-return">{t('shelter.expectedReturn')}</label>
            <input id="oos-return" type="date" value={expectedReturn} min={isoDatePlus(0)} required onChange={(e) => setExpectedReturn(e.target.value)} />
          </div>
          <button type="submit" className={bed.status === 'OUT_OF_SERVICE' ? '' : 'primary'} disabled={mutation.isPending}>
            {t('shelter.markOut')}
          </button>
        </form>
      )}
      <button type="button" onClick={onClose}>
        {t('shelter.close')}
      </button>
    </dialog>
  );
}

/** Holds waiting for arrival at the shelter: countdown, the household's needs, confirm or decline. */
function Holds({ shelterId, staffLanguages, onDone }: { shelterId: string; staffLanguages: string[]; onDone(text: string): void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const holds = useQuery({ queryKey: ['holds', shelterId], queryFn: () => gql(ShelterHoldsDocument, { shelterId }), refetchInterval: 30_000 });
  const [declining, setDeclining] = useState<string | null>(null);
  const [reasonCode, setReasonCode] = useState<HoldDeclineReason | null>(null);
  const [reason, setReason] = useState('');
  const startDeclining = (holdId: string | null) => {
    setDeclining(holdId);
    setReasonCode(null);
    setReason('');
  };
  // A confirmed arrival starts a stay: the holds, the beds and the stays all change.
  const refresh = () => Promise.all(['holds', 'shelter', 'stays'].map((key) => queryClient.invalidateQueries({ queryKey: [key, shelterId] })));
  const confirm = useMutation({
    mutationFn: async (holdId: string) => {
      try {
        return await gql(ConfirmArrivalDocument, { input: { holdId } });
      } catch (e) {
        if (!isNetworkError(e)) throw e;
        const initials = holds.data?.holds.edges.find((h) => h.node.id === holdId)?.node.referral?.initials ?? '';
        const label = t('offline.confirmLabel', { initials });
        await enqueue({ kind: 'confirmArrival', input: { holdId }, label });
        return { queued: label };
      }
    },
    onSuccess: async (data, holdId) => {
      if ('queued' in data) return onDone(t('offline.queued', { change: data.queued }));
      const initials = holds.data?.holds.edges.find((e) => e.node.id === holdId)?.node.referral?.initials ?? '';
      await refresh();
      onDone(t('holds.confirmed', { initials }));
    },
  });
  const decline = useMutation({
    mutationFn: (v: { holdId: string; reasonCode: HoldDeclineReason; reason: string | null }) => gql(DeclineHoldDocument, v),
    onSuccess: async (_d, v) => {
      const initials = holds.data?.holds.edges.find((e) => e.node.id === v.holdId)?.node.referral?.initials ?? '';
      startDeclining(null);
      await refresh();
      onDone(t('holds.declined', { initials }));
    },
  });
  const error = confirm.error ?? decline.error;

  return (
    <section aria-labelledby="holds-title">
      <h2 id="holds-title">{t('holds.title')}</h2>
      <QueryState loading={holds.isPending} error={holds.error} retry={() => holds.refetch()} />
      {error && (
        <p role="alert" className="error-box">
          {error.message}
        </p>
      )}
      {holds.data && !holds.data.holds.edges.length && <p>{t('holds.none')}</p>}
      <ul className="cards">
        {holds.data?.holds.edges.map(({ node: hold }) => {
          const r = hold.referral;
          const children = r?.dependants.filter((d) => d.ageBand === 'UNDER_18').length ?? 0;
          const shared = r?.languages.some((l) => staffLanguages.includes(l)) ?? true;
          const titleId = `hold-${hold.id}`;
          return (
            <li key={hold.id} className="card" aria-labelledby={titleId}>
              <h3 id={titleId}>{t('holds.hold', { initials: r?.initials ?? '?', reference: r?.agencyReference ?? '?' })}</h3>
              <p className="strong">
                <Countdown until={hold.expiresAt} />
              </p>
              <RoomAndBeds room={hold.room} beds={hold.beds} />
              {r && (
                <>
                  <p>
                    {t('holds.household', { size: 1 + r.dependants.length })}, {t('holds.urgency', { urgency: t(`urgency.${r.urgency}`) })}
                  </p>
                  <h4>{t('holds.needs')}</h4>
                  <ul className="needs">
                    <li>{!shared && r.languages.length ? t('holds.interpreter', { languages: r.languages.join(', ') }) : t('holds.noInterpreter')}</li>
                    <li>
                      {r.accessibilityNeeds.length
                        ? t('holds.accessibility', { needs: r.accessibilityNeeds.map((n) => t(`access.${n}`)).join(', ') })
                        : t('holds.noAccessibility')}
                    </li>
                    <li>{children ? t('holds.children', { count: children }) : t('holds.noChildren')}</li>
                  </ul>
                </>
              )}
              {declining === hold.id ? (
                <form
                  className="stack"
                  onSubmit={(e) => {
                    e.preventDefault();
                    // The radios are required, so the browser does not submit without a choice.
                    if (!reasonCode) return;
                    decline.mutate({ holdId: hold.id, reasonCode, reason: reasonCode === 'OTHER' ? reason.trim() : null });
                  }}
                >
                  <fieldset>
                    <legend>{t('holds.declineReason')}</legend>
                    <div className="stack">
                      {DECLINE_REASONS.map((code) => (
                        <label key={code} className="choice">
                          <input
                            type="radio"
                            name={`decline-code-${hold.id}`}
                            value={code}
                            required
                            checked={reasonCode === code}
                            onChange={() => setReasonCode(code)}
                          />
                          {t(`holds.declineCode.${code}`)}
                        </label>
                      ))}
                    </div>
                  </fieldset>
                  {reasonCode === 'OTHER' && (
                    <div className="field">
                      <label htmlFor={`decline-${hold.id}`}>{t('holds.declineOther')}</label>
                      <textarea
                        id={`decline-${hold.id}`}
                        value={reason}
                        required
                        maxLength={500}
                        onChange={(e) => {
                          setReason(e.target.value);
                          // Blank text is no reason: the API refuses it too (BAD_USER_INPUT naming reason).
                          e.target.setCustomValidity(e.target.value.trim() ? '' : t('holds.declineOtherBlank'));
                        }}
                      />
                    </div>
                  )}
                  <div className="actions">
                    <button type="submit" className="danger" disabled={decline.isPending}>
                      {t('holds.declineSubmit')}
                    </button>
                    <button type="button" onClick={() => startDeclining(null)}>
                      {t('holds.cancel')}
                    </button>
                  </div>
                </form>
              ) : (
                <div className="actions">
                  <button type="button" className="primary" disabled={confirm.isPending} onClick={() => confirm.mutate(hold.id)}>
                    {t('holds.confirm')}
                  </button>
                  <button type="button" onClick={() => startDeclining(hold.id)}>
                    {t('holds.decline')}
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
