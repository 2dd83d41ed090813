/**
 * What a template may read of the customer's contact history (`history.*`): from the renderer's
 * own record of delivery outcomes and calls, never from the plan. Pure.
 */
import type { OutreachChannel } from '@kindly/contracts';
import { channelsTried, type ContactAttempt } from '@kindly/rules';
import type { Localized } from './ports.js';

/** How a message names a channel it says was used: "by text message, e-mail and phone". */
const CHANNEL_NAMES: Record<OutreachChannel, Localized> = {
  sms: { 'zh-CN': '短信', en: 'text message' },
  email: { 'zh-CN': '邮件', en: 'e-mail' },
  letter: { 'zh-CN': '信函', en: 'letter' },
  'agent-call': { 'zh-CN': '电话', en: 'phone' },
};

function nameIn(words: Localized, locale: string): string {
  return words[locale] ?? words[locale.split('-')[0] ?? ''] ?? words['en'] ?? '';
}

/** The template's view of the history. */
export interface HistoryModel {
  /**
   * The channels tried before this message, as a list in the customer's language ("text
   * message and e-mail", "短信和邮件"); absent when none was, so a template that names them
   * cannot render for a first contact.
   */
  readonly channels?: string;
}

export function historyModel(contacts: readonly ContactAttempt[], locale: string): HistoryModel {
  const names = channelsTried(contacts).map((channel) => nameIn(CHANNEL_NAMES[channel], locale));
  if (names.length === 0) return {};
  return { channels: new Intl.ListFormat(locale, { type: 'conjunction' }).format(names) };
}
