#!/usr/bin/env node
// The renderer's composition root: settings, strategies (for the stages' offers), templates, then
// the service (see start-renderer.ts). A broken template stops it here, before any message.
import { runService } from '@kindly/service';
import { loadPlanningRules } from '@kindly/rules';
import { readApprovedRuleTexts } from '@kindly/mongo';
import { RendererSettingsSchema } from './renderer-settings.js';
import { loadTemplateCatalog } from './rendering/template-catalog.js';
import { startRenderer } from './start-renderer.js';

await runService({
  name: 'renderer',
  settings: RendererSettingsSchema,
  start: async (context) => {
    const { RENDERER_STRATEGY_FILES, RENDERER_TEMPLATES_DIR } = context.settings;
    // The versions approved through the operator API, over the files.
    const approved = await readApprovedRuleTexts(context.mongo.db);
    const rules = loadPlanningRules(
      RENDERER_STRATEGY_FILES ? { strategyFiles: RENDERER_STRATEGY_FILES } : {},
      approved,
    );
    return startRenderer(
      context,
      rules,
      loadTemplateCatalog(RENDERER_TEMPLATES_DIR, approved.templates),
    );
  },
});
