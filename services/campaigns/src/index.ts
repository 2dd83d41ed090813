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
export { createLaunchesRepository } from './data-access/launches.repository.js';
export { startLaunch } from './launch/operate-launch.js';
export { handedOffTotal } from './launch/launch.js';
export type { Launch, LaunchCounts, LaunchStatus } from './launch/launch.js';
export { launchStatusText } from './launch/launch-status-text.js';
export { buildCampaignReport, defaultPrices } from './report/build-report.js';
export { campaignReportHtml } from './report/report-html.js';
export { campaignReportJson, campaignReportTable } from './cli/report-action.js';
export { previewCampaign, previewJson } from './cli/preview-action.js';
export type { PreviewResult, RenderedSample } from './cli/preview-action.js';
export { operateLaunch, campaignHashOf } from './launch/operate-launch.js';
export type { OperateOutcome, StartOutcome } from './launch/operate-launch.js';
// The launch's parts, for the benchmark that walks a store of a million accounts.
export { launchRound } from './launch/launch-round.use-case.js';
export type { LaunchRoundDeps } from './launch/launch-round.use-case.js';
export { beyondStateFacts } from './data-access/beyond-state.js';
export { createExposuresRepository } from './data-access/exposures.repository.js';
export { createLastContactsRepository } from './data-access/contacts.repository.js';
