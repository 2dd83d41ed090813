/**
 * The dated line of an account's event that is not about one message: the bank's facts
 * (overdue, payment, arrangement, status), consent and contact changes, escalations and agent
 * tasks, the audit's own holds and expiries, each as label keys and values (codes, dates, amounts) that read the same in any language.
 */
import type { LabelKey } from './contact-history-labels.js';
import type { AccountEvent, Fact, Stamp } from './contact-history.js';
import { fieldsOf, textOf, type PayloadFields } from './export-fields.js';

/** The dated line of an event that is not about one message; undefined: nothing to show. */
export function accountEventOf(
  type: string,
  p: PayloadFields,
  stamp: Stamp,
): AccountEvent | undefined {
  const fact = (label: LabelKey, value: unknown): Fact => ({ label, value: textOf(value) });
  const facts = (kind: LabelKey, list: Fact[]): AccountEvent => ({
    stamp,
    kind,
    facts: list.filter((f) => f.value !== ''),
  });
  switch (type) {
    case 'account.overdue':
      return facts('overdue', [
        fact('daysPastDue', p['daysPastDue']),
        fact('dueDate', p['dueDate']),
        fact('overdueAmount', money(p['overdueAmount'])),
      ]);
    case 'account.payment':
      return facts('payment', [
        fact('amount', money(p['amount'])),
        fact('remainingOverdue', money(p['remainingOverdue'])),
        fact('curesAccount', p['curesAccount']),
      ]);
    case 'account.arrangement':
      return facts('arrangement', [
        fact('kind', p['kind']),
        fact('status', p['status']),
        fact('promisedDate', p['promisedDate']),
        fact('amount', money(p['amount'])),
      ]);
    case 'account.status':
      return facts('accountStatus', [
        fact('flagsSet', codes(p['set'])),
        fact('flagsCleared', codes(p['cleared'])),
        fact('effectiveAt', p['effectiveAt']),
      ]);
    case 'contact.consent':
      return facts('consent', [
        fact('channel', p['channel']),
        fact('purpose', p['purpose']),
        fact('status', p['status']),
        fact('basis', p['basis']),
        fact('source', p['source']),
        fact('consentAt', p['at']),
      ]);
    case 'contact.unreachable':
      return facts('unreachable', [
        fact('channel', p['channel']),
        fact('reasons', p['reason']),
        fact('source', p['source']),
        fact('errorCode', p['errorCode']),
        fact('unreachableAt', p['at']),
      ]);
    case 'contact.updated':
      return facts('contactUpdated', [
        fact('timeZone', p['timeZone']),
        fact('locale', p['locale']),
        fact('jurisdiction', p['jurisdiction']),
      ]);
    case 'outreach.escalated': {
      const from = fieldsOf(p['from']);
      const to = fieldsOf(p['to']);
      return facts('escalated', [
        fact('from', `${textOf(from['channel'])} #${textOf(from['stage'])}`),
        fact('to', `${textOf(to['channel'])} #${textOf(to['stage'])}`),
        fact('reasons', p['reason']),
      ]);
    }
    // The audit's own records: a legal hold, and the expiry that removed older bodies.
    case 'audit.hold-placed':
    case 'audit.hold-lifted':
      return facts(type === 'audit.hold-placed' ? 'holdPlaced' : 'holdLifted', [
        fact('by', p['by']),
        fact('reasons', p['matter']),
      ]);
    case 'audit.expired':
      return facts('expired', [
        fact('throughSeq', p['throughSeq']),
        fact('retentionClass', p['retentionClass']),
        fact('years', p['years']),
        fact('lastActivityAt', p['lastActivityAt']),
      ]);
    case 'agent.task':
      return facts('agentTask', [fact('callAttemptsLeft', p['callAttemptsLeft'])]);
    default:
      return undefined;
  }
}

function codes(value: unknown): string {
  return Array.isArray(value) ? value.map(textOf).join(', ') : '';
}

/** An amount in minor units as a decimal with its currency code, e.g. `1280.50 CNY`. */
export function money(value: unknown): string {
  const amount = fieldsOf(value);
  const minor = amount['amountMinor'];
  const currency = textOf(amount['currency']);
  if (typeof minor !== 'number' || !currency) return '';
  let digits = 2;
  try {
    digits =
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
        .maximumFractionDigits ?? 2;
  } catch {
    // An unknown currency code: two decimals, as most have.
  }
  return `${(minor / 10 ** digits).toFixed(digits)} ${currency}`;
}
