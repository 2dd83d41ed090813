// The offer's shape is a contract (a campaign's messages carry their offers): defined in
// @kindly/contracts, read here by the strategies.
export { Offer, OfferTemplates } from '@kindly/contracts';
