/**
 * Sends one rendered message, exactly once in effect: claim → last look → send → record →
 * outcome. A redelivered message finds its record and does only what is left; a claim
 * left behind by a replica that died between the provider call and the record is reconciled
 * (SMS: Twilio is asked; e-mail: recorded as uncertain, never resent blindly; letters: redone,
 * the batch write is idempotent).
 */
import type { DateTime } from 'luxon';
import type { Clock } from '@kindly/clock';
import {
  postalAddressText,
  type OutreachRenderedV1,
  type OutreachRenderedV1Payload,
} from '@kindly/contracts';
import { AppError } from '@kindly/errors';
import type { AccountState, PlanningRules } from '@kindly/rules';
import {
  outcomeEvent,
  outcomeOfRecord,
  providerOf,
  revocationEvents,
} from './dispatcher-events.js';
import { lastLook } from './last-look.js';
import { unreachableEvents } from './unreachable-events.js';
import { lookAtNumber, reassignedEvents } from './reassigned-number-look.js';
import {
  FINAL_STATES,
  type ClaimExpectation,
  type Completion,
  type DispatchChannels,
  type DispatcherEvents,
  type DispatchRecord,
  type DispatchStore,
  type NumberCheckDeps,
} from './ports.js';
import { failed, type SendResult } from './send-result.js';
import { TWILIO_NO_ANSWER } from './classify-failure.js';

export type DispatchErrorCode = 'ACCOUNT_NOT_READY' | 'PROVIDER_RETRY' | 'PROVIDER_PAUSED';

export interface DispatchDeps {
  readonly store: DispatchStore;
  readonly accounts: {
    load(tenantId: string, accountId: string): Promise<{ state: AccountState; version: number }>;
  };
  readonly channels: DispatchChannels;
  readonly events: DispatcherEvents;
  readonly rules: PlanningRules;
  /** Business time: the last look, the times recorded and reported. */
  readonly clock: Clock;
  /** Wall time: claims' leases and the window in which Twilio is asked about a lost send. */
  readonly wallClock: Clock;
  readonly owner: string;
  readonly leaseMs: number;
  /** The attempts a message gets; a retryable failure of the last one is final. */
  readonly maxAttempts: number;
  /** Called right after a provider answered, before anything is recorded (crash tests only). */
  readonly afterProviderCall?: (channel: OutreachRenderedV1Payload['channel']) => void;
  /** The reassigned-numbers check before texts; absent: texts go unchecked (no database set). */
  readonly numbers?: NumberCheckDeps;
  /**
   * Runs an e-mail's claim and send when the SMTP pool has a connection free for it (at most its
   * size at once); absent: at once. An e-mail cannot be looked up after a crash, so its claim
   * must not wait in a queue: only a message a server may have seen is left uncertain.
   */
  readonly emailTurn?: <T>(work: () => Promise<T>) => Promise<T>;
}

/**
 * What became of a rendered message here. `in-flight`: another claim holds it (a live replica
 * sending it, or a dead one whose lease has not run out); that claim's owner or, if it died,
 * recovery finishes it, so the message needs nothing more from this delivery.
 */
export type DispatchOutcome =
  | 'sent'
  | 'failed'
  | 'suppressed'
  | 'uncertain'
  | 'duplicate'
  | 'cancelled'
  | 'settled'
  | 'in-flight';

export async function dispatchRendered(
  deps: DispatchDeps,
  rendered: OutreachRenderedV1,
): Promise<DispatchOutcome> {
  const message = rendered.payload;
  const record = await deps.store.get(message.messageId);
  if (record && FINAL_STATES.has(record.state)) {
    if (record.state === 'cancelled') return 'cancelled';
    if (record.settled) return 'duplicate';
    await settle(deps, rendered, record);
    return 'settled';
  }

  let attempt = 1;
  let expected: ClaimExpectation = { state: 'new' };
  if (record?.state === 'ready') {
    const found = await unansweredSendFound(deps, rendered, record);
    if (found !== undefined) return found;
    attempt = record.attempt + 1;
    expected = { state: 'ready', attempt: record.attempt };
  } else if (record?.state === 'sending') {
    const leaseHeld =
      record.owner !== deps.owner &&
      record.leaseUntil !== undefined &&
      record.leaseUntil.getTime() > deps.wallClock.now().toMillis();
    // Not a failure to retry: waiting for the lease must not depend on the retry schedule.
    if (leaseHeld) return 'in-flight';
    const reconciled = await reconcile(deps, rendered, record);
    if (reconciled !== undefined) return reconciled;
    attempt = record.attempt;
    expected = { state: 'sending', owner: record.owner ?? '', attempt: record.attempt };
  }

  const { state, version } = await deps.accounts.load(rendered.tenantId, message.accountId);
  const now = deps.clock.now();
  let verdict = lastLook(deps.rules, message, version > 0 ? state : undefined, now);
  if (verdict.kind === 'await') {
    throw new AppError('ACCOUNT_NOT_READY', 'the account’s facts have not reached the dispatcher', {
      retryable: true,
    });
  }
  // A text also needs the number to be still the customer's (reassigned-number-look.ts).
  const look =
    verdict.kind === 'send' && message.channel === 'sms'
      ? await lookAtNumber(deps.numbers, deps.rules.policy, state, verdict.address, now)
      : undefined;
  if (look?.kind === 'stop' && verdict.kind === 'send') {
    if (look.check) {
      await deps.events.publishUnreachable(reassignedEvents(rendered, verdict.address, look.check));
    }
    verdict = { kind: 'stop', reason: look.reason };
  }
  const numberCheck = look?.check ? { numberCheck: look.check } : {};
  const base = {
    tenantId: rendered.tenantId,
    accountId: message.accountId,
    channel: message.channel,
    attempt,
    rendered,
  };
  const decided = verdict;
  // The answer goes into the claim: a replica that takes over after a crash reports it too.
  if (decided.kind === 'stop') {
    const stopped = await deps.store.claim(message.messageId, expected, {
      ...base,
      ...numberCheck,
    });
    if (!stopped) return 'in-flight'; // another replica claimed it first
    return finish(deps, rendered, stopped, {
      state: 'suppressed',
      provider: providerOf(message.channel),
      errorCode: `LAST_LOOK:${decided.reason}`,
      retryable: false,
      effect: 'none',
      finishedAt: iso(now),
      ...numberCheck,
    });
  }
  const claimThenSend = async () => {
    const claimed = await deps.store.claim(message.messageId, expected, {
      ...base,
      ...numberCheck,
      to: addressText(message.channel, decided.address, decided.contact),
    });
    if (!claimed) return undefined;
    const result = await send(deps, rendered, attempt, decided.address, decided.contact);
    deps.afterProviderCall?.(message.channel);
    return { claimed, result };
  };
  // An e-mail is claimed only once a connection can take it: a claim waiting in the pool's queue
  // would be left uncertain by a crash (never resent) though no server ever saw the message.
  const sent =
    message.channel === 'email' && deps.emailTurn
      ? await deps.emailTurn(claimThenSend)
      : await claimThenSend();
  if (!sent) return 'in-flight'; // another replica claimed it first
  const { claimed, result } = sent;

  const finishedAt = iso(deps.clock.now());
  if (result.ok) {
    return finish(deps, rendered, claimed, {
      state: 'sent',
      provider: result.receipt.provider,
      providerMessageId: result.receipt.providerMessageId,
      finishedAt,
      ...numberCheck,
    });
  }
  const failure = result.failure;
  if (!failure.attempted) {
    // Nothing reached a provider (every one paused): this attempt did not happen.
    await deps.store.release(message.messageId, attempt);
    throw new AppError('PROVIDER_PAUSED', failure.detail, {
      retryable: true,
      details: { code: failure.code },
    });
  }
  if (failure.retryable && attempt < deps.maxAttempts) {
    const completion = {
      state: 'ready' as const,
      provider: failure.provider,
      errorCode: failure.code,
      retryable: true,
      effect: failure.effect,
      finishedAt,
      ...numberCheck,
    };
    if (!(await deps.store.complete(message.messageId, attempt, completion))) return 'in-flight';
    await deps.events.publishOutcomes([
      outcomeEvent(rendered, {
        attempt,
        provider: failure.provider,
        at: finishedAt,
        numberCheck: look?.check,
        result: { status: 'failed', errorCode: failure.code, retryable: true },
      }),
    ]);
    throw new AppError('PROVIDER_RETRY', failure.detail, {
      retryable: true,
      details: { code: failure.code, attempt },
    });
  }
  return finish(deps, rendered, claimed, {
    state: 'failed',
    provider: failure.provider,
    errorCode: failure.code,
    retryable: false,
    effect: failure.effect,
    finishedAt,
    ...numberCheck,
  });
}

/**
 * Recovery of one pending record (see DispatchStore.pendingBefore): a claim whose lease ran out
 * is reconciled and finished, a final record is settled, exactly as a redelivery of the message
 * would; a claim still within its lease is left to its owner.
 */
export async function recoverDispatch(
  deps: DispatchDeps,
  record: DispatchRecord,
): Promise<DispatchOutcome | 'left'> {
  if (record.rendered === undefined) return 'left';
  const leaseLive =
    record.state === 'sending' &&
    record.leaseUntil !== undefined &&
    record.leaseUntil.getTime() > deps.wallClock.now().toMillis();
  if (leaseLive) return 'left';
  return dispatchRendered(deps, record.rendered);
}

/**
 * A claim whose owner died (or whose record write failed) between the provider call and the
 * record. Returns the outcome when the question is settled here, undefined when the message is
 * to be sent (again) under the same attempt number.
 */
async function reconcile(
  deps: DispatchDeps,
  rendered: OutreachRenderedV1,
  record: DispatchRecord,
): Promise<DispatchOutcome | undefined> {
  const message = rendered.payload;
  const finishedAt = iso(deps.clock.now());
  const takeOver = (completion: Completion) =>
    finishRecordedAttempt(
      deps,
      rendered,
      record,
      { state: 'sending', owner: record.owner ?? '', attempt: record.attempt },
      completion,
    );

  switch (message.channel) {
    case 'sms':
      return smsFoundAtTwilio(deps, rendered, record, (completion) => takeOver(completion));
    case 'email':
      // No SMTP server can be asked whether it took a message: resending could send it twice.
      if (record.to === undefined) return undefined; // claimed for a last-look stop only
      return takeOver({
        state: 'uncertain',
        provider: providerOf('email'),
        errorCode: 'UNCERTAIN',
        retryable: false,
        effect: 'none',
        finishedAt,
      });
    case 'letter':
      return undefined;
  }
}

/**
 * A text whose last attempt got no answer from Twilio (a timeout, a dropped connection) may
 * have been sent all the same: before the next attempt, Twilio is asked, as after a crash.
 * Found: recorded as sent under that attempt, nothing is sent again. Undefined: send.
 */
async function unansweredSendFound(
  deps: DispatchDeps,
  rendered: OutreachRenderedV1,
  record: DispatchRecord,
): Promise<DispatchOutcome | undefined> {
  if (record.errorCode !== TWILIO_NO_ANSWER) return undefined;
  return smsFoundAtTwilio(deps, rendered, record, (completion) =>
    finishRecordedAttempt(
      deps,
      rendered,
      record,
      { state: 'ready', attempt: record.attempt },
      completion,
    ),
  );
}

/** Asks Twilio for a text sent since the record's claim; found, it is finished as sent. */
async function smsFoundAtTwilio(
  deps: DispatchDeps,
  rendered: OutreachRenderedV1,
  record: DispatchRecord,
  finishAs: (completion: Completion) => Promise<DispatchOutcome>,
): Promise<DispatchOutcome | undefined> {
  const message = rendered.payload;
  // The claim was taken before the provider was called, so a send it made is after it.
  if (message.channel !== 'sms' || record.to === undefined || record.claimedAt === undefined)
    return undefined;
  const found = await deps.channels.sms.lookup({
    to: record.to,
    body: message.content.body,
    since: record.claimedAt,
  });
  if (!found) return undefined;
  return finishAs({
    state: 'sent',
    provider: found.provider,
    providerMessageId: found.providerMessageId,
    finishedAt: iso(deps.clock.now()),
    // The answer the attempt's claim was taken on: the text went on it.
    ...(record.numberCheck !== undefined ? { numberCheck: record.numberCheck } : {}),
  });
}

/** Claims a recorded attempt again, as it stands, to finish it with what is now known. */
async function finishRecordedAttempt(
  deps: DispatchDeps,
  rendered: OutreachRenderedV1,
  record: DispatchRecord,
  expected: ClaimExpectation,
  completion: Completion,
): Promise<DispatchOutcome> {
  const message = rendered.payload;
  const claimed = await deps.store.claim(message.messageId, expected, {
    tenantId: rendered.tenantId,
    accountId: message.accountId,
    channel: message.channel,
    attempt: record.attempt,
    rendered,
    ...(record.to !== undefined ? { to: record.to } : {}),
    ...(record.numberCheck !== undefined ? { numberCheck: record.numberCheck } : {}),
  });
  if (!claimed) return 'in-flight'; // another replica got to it first
  return finish(deps, rendered, claimed, completion);
}
async function send(
  deps: DispatchDeps,
  rendered: OutreachRenderedV1,
  attempt: number,
  address: string,
  contact: NonNullable<AccountState['contact']>['value'],
): Promise<SendResult> {
  const message = rendered.payload;
  const key = {
    tenantId: rendered.tenantId,
    accountId: message.accountId,
    messageId: message.messageId,
  };
  switch (message.channel) {
    case 'sms':
      return deps.channels.sms.send({
        ...key,
        attempt,
        to: address,
        body: message.content.body,
        ...(message.from !== undefined ? { from: message.from } : {}),
      });
    case 'email':
      return deps.channels.email.send({
        ...key,
        attempt,
        to: address,
        subject: message.content.subject,
        html: message.content.html,
        text: message.content.text,
        headers: message.content.headers,
      });
    case 'letter': {
      const postal = contact.postalAddresses[0];
      if (!postal || message.content.pdfBase64 === undefined) {
        return failed({
          provider: 'print',
          code: postal ? 'LETTER_STORAGE_UNSUPPORTED' : 'NO_POSTAL_ADDRESS',
          retryable: false,
          attempted: true,
          providerFault: false,
          effect: 'none',
          detail: 'the letter cannot be put into a print batch',
        });
      }
      return deps.channels.letter.send({
        ...key,
        attempt,
        name: contact.name,
        address: postal,
        pages: message.content.pages,
        pdf: Buffer.from(message.content.pdfBase64, 'base64'),
        contentHash: message.contentHash,
      });
    }
  }
}

async function finish(
  deps: DispatchDeps,
  rendered: OutreachRenderedV1,
  claimed: DispatchRecord,
  completion: Parameters<DispatchStore['complete']>[2],
): Promise<DispatchOutcome> {
  const completed = await deps.store.complete(
    rendered.payload.messageId,
    claimed.attempt,
    completion,
  );
  // The lease ran out and another replica took the claim over: it reconciles and records.
  if (!completed) return 'in-flight';
  const record: DispatchRecord = { ...claimed, ...completion };
  await settle(deps, rendered, record);
  return completion.state === 'ready' ? 'failed' : completion.state;
}

/**
 * What follows a final record: the outcome (the audit service keeps its record of a send from
 * the accepted outcome), a consent revocation or an unreachable address, the settled mark.
 */
async function settle(
  deps: DispatchDeps,
  rendered: OutreachRenderedV1,
  record: DispatchRecord,
): Promise<void> {
  const at = record.finishedAt ?? iso(deps.clock.now());
  await deps.events.publishOutcomes([outcomeOfRecord(rendered, record, at)]);
  if (record.effect === 'revoke-consent' && record.to !== undefined) {
    await deps.events.publishConsents(revocationEvents(rendered, record.to, at));
  }
  // A number or address the provider refused as unreachable: a fact for the planner, not a
  // consent (unreachable-events.ts says why the dispatcher, not the tracker, raises it).
  const unreachable = unreachableEvents(rendered, record, at);
  if (unreachable.length > 0) await deps.events.publishUnreachable(unreachable);
  await deps.store.markSettled(record.messageId);
}

/** The address as the outcome names it: a letter's is its postal address on one line. */
function addressText(
  channel: OutreachRenderedV1Payload['channel'],
  address: string,
  contact: NonNullable<AccountState['contact']>['value'],
): string {
  const postal = contact.postalAddresses[0];
  return channel === 'letter' && postal ? postalAddressText(postal) : address;
}

function iso(at: DateTime): string {
  return at.toUTC().toISO({ suppressMilliseconds: true }) ?? '';
}
