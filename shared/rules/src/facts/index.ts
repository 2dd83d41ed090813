/** What a message may state about the contact history, and which wording a customer gets. */
export {
  ContactFactList,
  ContactFactText,
  MAX_FACT_COUNT,
  channelsTried,
  contactFactText,
  factHolds,
  factReasonCode,
  factsCovered,
  factsNotHeld,
  parseContactFact,
} from './contact-facts.js';
export type { ContactAttempt, ContactFact } from './contact-facts.js';
export { chooseWording } from './choose-wording.js';
export type { ChosenWording } from './choose-wording.js';
