// What other workspaces use of the campaigns service: the campaign as data, and attribution
// (a namespace of its own: both name a campaign exposure, each as it needs one).
export * from './definition/index.js';
export * as attribution from './attribution/index.js';
export { runCampaignCommand } from './cli/campaign-command.js';
export type { CampaignCliIo } from './cli/campaign-command.js';
export { startCampaigns, CAMPAIGN_ACCOUNTS } from './start-campaigns.js';
export { CampaignsSettingsSchema } from './campaigns-settings.js';
export type { CampaignsSettings } from './campaigns-settings.js';
export { campaignsTopics } from './entry-points/campaign-events.handlers.js';
