// What other workspaces (the demo host, benchmarks, the command line) use of the renderer.
export { startRenderer, RENDERER_ACCOUNTS } from './start-renderer.js';
export { RendererSettingsSchema } from './renderer-settings.js';
export type { RendererSettings } from './renderer-settings.js';
export { bankTopics } from './entry-points/bank-events.handlers.js';
export { releasedTopics } from './entry-points/outreach-released.handler.js';
export { contactTopics } from './entry-points/delivery-outcome.handler.js';
export { RENDERER_CONTACTS } from './data-access/contact-history.repository.js';
export { loadTemplateCatalog, defaultTemplatesDir } from './rendering/template-catalog.js';
export type { TemplateCatalog, CompiledTemplate } from './rendering/template-catalog.js';
export { createHandlebarsRenderer } from './rendering/handlebars.renderer.js';
export { loadSenderDirectory, sendersFileIn } from './rendering/sender-directory.js';
export { buildRenderRequest } from './domain/render-model.js';
export { segmentSms } from './domain/sms-segments.js';
export type { SmsSegmentation } from './domain/sms-segments.js';
export type { MessageRenderer, RenderRequest, RenderedMessage } from './domain/ports.js';
export { runRenderCommand } from './cli/render-command.js';
export { runSmsSegmentsCommand } from './cli/sms-segments-command.js';
export { previewRenderRequest, sampleRenderRequest } from './samples/sample-request.js';
