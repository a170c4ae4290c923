import { describe, expect, it } from 'vitest';
import { ExtractionError, type ExtractInput } from '../src/extract/types.js';
import { HybridExtractor, LlmExtractor } from '../src/extract/llm/extractor.js';
import { UsageLedger, estimateCost } from '../src/extract/llm/ledger.js';
import { parseActions } from '../src/extract/llm/parse.js';
import { RulesExtractor } from '../src/extract/rules/index.js';
import { LlmError, type LlmProvider, type LlmRequest, type LlmResponse } from '../src/extract/llm/types.js';

/** A scripted provider: replies (or failures) in order, recording every request. */
class ScriptedProvider implements LlmProvider {
  readonly name = 'anthropic' as const;
  readonly model = 'claude-haiku-4-5';
  readonly requests: LlmRequest[] = [];
  constructor(private readonly script: Array<string | LlmError>) {}
  async complete(req: LlmRequest): Promise<LlmResponse> {
    this.requests.push(req);
    const next = this.script.shift();
    if (next === undefined) throw new Error('script exhausted');
    if (next instanceof LlmError) throw next;
    return { text: next, provider: this.name, model: this.model, usage: { input: 2000, output: 100, cached: 1500, cacheWrite: 0, thinking: 0 } };
  }
}

const input = (description: string): ExtractInput => ({
  caseName: 'United States v. Lark',
  courtId: 'mad',
  timezone: 'America/New_York',
  docketId: 9,
  entry: { entryId: 1, entryNumber: 12, dateFiled: '2031-01-02', description, shortDescription: '', documentDescriptions: [] },
  knownHearings: [{ key: 'sentencing', title: 'Sentencing', hearingType: 'sentencing', status: 'scheduled', localDate: '2031-03-01', localTime: '10:00', docketId: 9 }],
  knownDeadlines: [],
});

describe('LLM extractor', () => {
  it('sends the schema, temperature 0 and court-local known rows; returns validated actions; accounts cost', async () => {
    const p = new ScriptedProvider(['```json\n{"actions":[{"type":"reschedule_hearing","hearing_key":"sentencing","local_date":"2031-04-01","local_time":"null","title":"Sentencing"}]}\n```']);
    const ledger = new UsageLedger();
    const actions = await new LlmExtractor(p, ledger).extract(input('The sentencing hearing is hereby moved to April 1, 2031.'));
    expect(actions).toEqual([expect.objectContaining({ type: 'RESCHEDULE_HEARING', hearing_key: 'sentencing', local_date: '2031-04-01', local_time: null })]);
    const req = p.requests[0]!;
    expect(req.temperature).toBe(0);
    expect(req.schema).toBeDefined();
    expect(req.user).toContain('key=sentencing  status=scheduled  title=Sentencing  type=sentencing  date=2031-03-01  time=10:00');
    expect(req.user).toContain('local time zone America/New_York');
    expect(ledger.totals).toMatchObject({ calls: 1, input: 2000, cached: 1500 });
    expect(ledger.totals.costUsd).toBeCloseTo((500 * 1 + 1500 * 0.1 + 100 * 5) / 1e6, 10);
  });

  it('asks once more after an unusable reply, then gives up with ExtractionError', async () => {
    const ok = new ScriptedProvider(['Sure! Here you go.', '{"actions":[{"type":"IGNORE"}]}']);
    expect(await new LlmExtractor(ok, new UsageLedger()).extract(input('x'))).toEqual([{ type: 'IGNORE' }]);
    expect(ok.requests[1]!.user).toMatch(/previous reply could not be used/);
    const bad = new ScriptedProvider(['nope', '{"acts": []}']);
    await expect(new LlmExtractor(bad, new UsageLedger()).extract(input('x'))).rejects.toBeInstanceOf(ExtractionError);
  });

  it('turns a provider failure into ExtractionError (the entry is retried next run)', async () => {
    const p = new ScriptedProvider([new LlmError('anthropic: HTTP 529: overloaded', 'http', 'anthropic', 529)]);
    await expect(new LlmExtractor(p, new UsageLedger()).extract(input('x'))).rejects.toThrow(/overloaded/);
  });

  it('hybrid: rules first, the model only for the entries the rules left unread', async () => {
    const p = new ScriptedProvider(['{"actions":[{"type":"ADD_HEARING","hearing_key":"plea-sentence","local_date":"2031-02-02","title":"Plea and Sentence"}]}']);
    const hybrid = new HybridExtractor(new RulesExtractor(), new LlmExtractor(p, new UsageLedger()));
    const byRules = await hybrid.extract(input('Sentencing reset for 5/5/2031 11:00 AM before Judge X.'));
    expect(byRules[0]).toMatchObject({ type: 'RESCHEDULE_HEARING', local_date: '2031-05-05' });
    expect(p.requests).toHaveLength(0);
    // Nothing in it names a coming date near hearing or deadline words: no model call.
    expect(await hybrid.extract(input('The Court will confer with counsel about the schedule in due course.'))).toEqual([{ type: 'IGNORE' }]);
    expect(p.requests).toHaveLength(0);
    // A date the rules find no proceeding phrase for: unread, so the model reads it.
    const byModel = await hybrid.extract(input('Counsel and the defendant to appear in chambers 2/2/2031 02:00 PM for a plea colloquy on the status of the case.'));
    expect(byModel[0]).toMatchObject({ type: 'ADD_HEARING', hearing_key: 'plea-sentence' });
    expect(p.requests).toHaveLength(1);
  });

  it('parses leniently but validates strictly', () => {
    expect(parseActions('{"actions":[{"type":"ADD_DEADLINE","deadline_key":"reply","local_date":"2031-13-45"},{"type":"ADD_DEADLINE","deadline_key":"reply","local_date":"2031-02-03",}]} trailing').actions).toEqual([
      { type: 'ADD_DEADLINE', deadline_key: 'reply', local_date: '2031-02-03' },
    ]);
    expect(() => parseActions('no json here')).toThrow(/no JSON object/);
    expect(estimateCost({ provider: 'ollama', model: 'gpt-oss:20b', usage: { input: 1e6, output: 1e6, cached: 0, cacheWrite: 0, thinking: 0 } })).toBe(0);
    expect(estimateCost({ provider: 'openai', model: 'gpt-5.4-nano-2026-01-01', usage: { input: 1e6, output: 0, cached: 0, cacheWrite: 0, thinking: 0 } })).toBeCloseTo(0.2);
    expect(estimateCost({ provider: 'openai', model: 'mystery', usage: { input: 1, output: 1, cached: 0, cacheWrite: 0, thinking: 0 } })).toBeNull();
  });
});
