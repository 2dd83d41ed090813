import { loadPlanningRules } from '@kindly/rules';
import {
  createHandlebarsRenderer,
  loadTemplateCatalog,
  sampleRenderRequest,
  type RenderRequest,
} from '@kindly/renderer';
import type { BenchResult } from './run.js';
import { timed } from './timing.js';

/** Renders per channel, per second, on one core: templates compiled once, data checked, rules run. */
export async function benchRenderer(): Promise<BenchResult[]> {
  const catalog = loadTemplateCatalog();
  const { strategies } = loadPlanningRules();
  const renderer = createHandlebarsRenderer({ catalog, smsMaxSegments: 10 });
  const channels: { name: string; templates: string[]; count: number }[] = [
    {
      name: 'SMS',
      templates: ['reminder-friendly-sms', 'notice-firm-sms', 'campaign-instalment-plan-sms'],
      count: 6_000,
    },
    {
      name: 'e-mail',
      templates: ['reminder-friendly-email', 'notice-firm-email', 'campaign-instalment-plan-email'],
      count: 3_000,
    },
    {
      name: 'letter (A4 PDF, CJK font subset)',
      templates: ['notice-firm-letter', 'final-notice-letter'],
      count: 120,
    },
  ];
  const results: BenchResult[] = [];
  for (const channel of channels) {
    const requests: RenderRequest[] = channel.templates.flatMap((id) =>
      ['zh-CN', 'en-US'].map((locale) => sampleRenderRequest(catalog, strategies, id, locale)),
    );
    for (const request of requests) await renderer.render(request); // warm: fonts read, code hot
    let bytes = 0;
    const seconds = await timed(async () => {
      for (let i = 0; i < channel.count; i++) {
        const rendered = await renderer.render(requests[i % requests.length]!);
        bytes +=
          rendered.channel === 'letter' ? rendered.content.pdf.length : rendered.contentHash.length;
      }
    });
    results.push({
      name: `Renders: ${channel.name} (one core)`,
      operations: channel.count,
      seconds,
      note: `${channel.templates.length} templates × zh-CN, en-US; field checks, content rules and SHA-256 included${channel.name.startsWith('letter') ? `; ${Math.round(bytes / channel.count / 1024)} KiB a letter` : ''}`,
    });
  }
  return results;
}
