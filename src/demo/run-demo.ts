import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { loadConfig } from '../config/load.js';
import { createExtractor } from '../extract/index.js';
import { FakeCourtListener } from '../fakecl/server.js';
import { runSync, type SyncSummary } from '../pipeline/run-sync.js';
import { Store } from '../store/store.js';
import { buildDemoDocket } from './docket.js';

export interface DemoResult {
  dir: string;
  configPath: string;
  icsPath: string;
  summary: SyncSummary;
}

const DEMO_TOKEN = 'demo-token-not-a-secret';

function demoConfig(caseName: string, docketId: number): string {
  return [
    '# Written by `case-calendar demo`: a fictional case served by an in-process fake CourtListener.',
    'store_path: data/demo.sqlite',
    'index_path: out/index.html',
    'site_title: "case-calendar demo"',
    '# The fake CourtListener has no quota; the real free tier allows 5 requests a minute.',
    'courtlistener: {max_requests_per_minute: 600}',
    'calendars:',
    '  demo:',
    '    name: "Demo calendar"',
    '    ics_path: out/demo.ics',
    'cases:',
    '  - id: us-v-quill',
    `    name: ${JSON.stringify(caseName)}`,
    '    calendar: demo',
    `    dockets: [${docketId}]`,
    '    tags: [demo]',
    '',
  ].join('\n');
}

/**
 * The whole pipeline, offline: a fake CourtListener on 127.0.0.1 serves a bundled fictional docket,
 * and the real client, extractor, store and renderer do the rest.
 */
export async function runDemo(dir: string, log: Logger, progress: (line: string) => void): Promise<DemoResult> {
  const abs = path.resolve(dir);
  mkdirSync(abs, { recursive: true });
  const demo = buildDemoDocket(new Date());
  const fake = new FakeCourtListener({ token: DEMO_TOKEN });
  fake.addDocket(demo.docket);
  for (const e of demo.entries) {
    fake.addEntry(demo.docket.id, {
      entry_number: e.entry_number,
      date_filed: e.date_filed,
      description: e.description,
      short_description: e.short_description ?? '',
      recap_documents: (e.documents ?? []).map((d) => ({ description: d.description, is_available: d.is_available ?? false, is_sealed: d.is_sealed ?? false })),
    });
  }
  const origin = await fake.start(0, '127.0.0.1');
  try {
    const configPath = path.join(abs, 'config.yaml');
    if (!existsSync(configPath)) writeFileSync(configPath, demoConfig(demo.docket.case_name, demo.docket.id));
    const config = loadConfig(configPath);
    const store = Store.open(config.storePath);
    try {
      progress(`demo: fake CourtListener at ${origin} serving docket ${demo.docket.id} (${demo.docket.case_name}, ${demo.entries.length} entries)`);
      const summary = await runSync({ config, store, log, extractor: createExtractor(config).extractor, origin, token: DEMO_TOKEN, progress }, { emit: true });
      return { dir: abs, configPath, icsPath: config.calendars.get('demo')?.icsPath ?? path.join(abs, 'out/demo.ics'), summary };
    } finally {
      store.close();
    }
  } finally {
    await fake.stop();
  }
}
