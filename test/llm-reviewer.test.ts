import { startFakeVendor, type FakeVendor, type Scripted } from './helpers/fake-vendor.js';
import { afterEach, describe, expect, it } from 'vitest';
import { OpenAiProvider } from '../src/extract/llm/providers/openai.js';
import { UsageLedger } from '../src/extract/llm/ledger.js';
import { LlmReviewer } from '../src/extract/llm/reviewer.js';
import type { DedupeInput, VerifyInput } from '../src/extract/review.js';

const fakes: FakeVendor[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

function completion(content: string) {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1741570283,
    model: 'gpt-5-mini-2025-08-07',
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: null, annotations: [] }, logprobs: null, finish_reason: 'stop' }],
    usage: { prompt_tokens: 1800, completion_tokens: 40, total_tokens: 1840, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 } },
  };
}

async function reviewer(script: Scripted[]) {
  const fake = await startFakeVendor({ script, exhausted: { status: 599, body: { error: { message: 'script exhausted' } } } });
  fakes.push(fake);
  const ledger = new UsageLedger();
  const provider = new OpenAiProvider({ apiKey: 'sk-review-SECRET', model: 'gpt-5-mini', baseUrl: fake.origin, maxRetries: 0, retryBaseMs: 1, sleep: async () => {} });
  return { fake, ledger, r: new LlmReviewer(provider, ledger) };
}

const verifyInput: VerifyInput = {
  kind: 'hearing',
  caseName: 'United States v. Doe',
  courtId: 'mad',
  timezone: 'America/New_York',
  today: '2031-03-10',
  row: { key: 'trial', title: 'Jury Trial', type: 'trial', status: 'scheduled', localDate: '2031-03-03', localTime: '09:00', durationMinutes: 240, significance: null, docketId: 10, sourceEntryIds: [1], notes: null },
  context: [
    { entryId: 1, docketId: 10, entryNumber: 12, dateFiled: '2031-01-05', text: 'ORDER setting Jury Trial for 3/3/2031 09:00 AM.' },
    { entryId: 5, docketId: 10, entryNumber: 30, dateFiled: '2031-03-03', text: `Minute Entry: Jury Trial Day 1 held on 3/3/2031. ${'x'.repeat(2000)}` },
  ],
};

describe('LlmReviewer', () => {
  it('asks one verify question with the row, the entries oldest first and a 1,500-token budget at temperature 0', async () => {
    const { fake, r, ledger } = await reviewer([{ status: 200, body: completion('{"type":"MARK_HELD","reason":"Trial day 1 minute entry.","local_date":null,"local_time":null,"evidence_entry_ids":[5]}') }]);
    const v = await r.verify(verifyInput);
    expect(v).toEqual({ type: 'MARK_HELD', reason: 'Trial day 1 minute entry.', local_date: null, local_time: null, evidence_entry_ids: [5] });
    const body = fake.seen[0]!.body as { messages: Array<{ role: string; content: string }>; max_completion_tokens: number; response_format: { type: string } };
    expect(body.max_completion_tokens).toBe(1500);
    expect(body.response_format.type).toBe('json_schema');
    expect(body.messages[0]!.content).toMatch(/^You check one calendar row/);
    const user = body.messages[1]!.content;
    expect(user).toContain('key=trial  title=Jury Trial  type=trial  status=scheduled  date=2031-03-03  time=09:00');
    expect(user.indexOf('entry_id=1')).toBeLessThan(user.indexOf('entry_id=5'));
    expect(user).toContain('x'.repeat(100));
    expect(user).not.toContain('x'.repeat(1600)); // each entry clipped
    expect(ledger.totals).toMatchObject({ calls: 1, input: 1800, output: 40 });
  });

  it('uses the deadline prompt for deadlines', async () => {
    const { fake, r } = await reviewer([{ status: 200, body: completion('{"type":"CONFIRM","reason":"ok"}') }]);
    await r.verify({ ...verifyInput, kind: 'deadline' });
    const body = fake.seen[0]!.body as { messages: Array<{ content: string }> };
    expect(body.messages[0]!.content).toContain('a filing deadline');
  });

  it('accepts a wrapped, lower-case answer with string ids, and turns unusable replies into a failed UNCLEAR', async () => {
    const { r } = await reviewer([
      { status: 200, body: completion('Sure.\n```json\n{"actions":[{"type":"mark_held","reason":"held","evidence_entry_ids":["5"]}]}\n```') },
      { status: 200, body: completion('I think it was held.') },
      { status: 200, body: completion('{"type":"MAYBE","reason":"?"}') },
      { status: 400, body: { error: { message: 'simulated refusal', type: 'invalid_request_error' } } },
    ]);
    expect(await r.verify(verifyInput)).toMatchObject({ type: 'MARK_HELD', evidence_entry_ids: [5] });
    for (let i = 0; i < 3; i++) {
      const v = await r.verify(verifyInput);
      expect(v.type).toBe('UNCLEAR');
      expect(v.failed).toBe(true);
      expect(v.reason).not.toContain('sk-review-SECRET');
    }
  });

  it('answers dedupe questions with MERGE_INTO and a target key', async () => {
    const { fake, r } = await reviewer([{ status: 200, body: completion('{"type":"MERGE_INTO","target_key":"status-conf","reason":"Same conference."}') }]);
    const input: DedupeInput = {
      caseName: 'United States v. Doe',
      courtId: 'mad',
      timezone: 'America/New_York',
      rows: [
        { ...verifyInput.row, key: 'status-conf', title: 'Status Conference', type: 'status_conference' },
        { ...verifyInput.row, key: 'status-hearing', title: 'Status Hearing', type: 'status_conference' },
      ],
      context: verifyInput.context,
    };
    expect(await r.dedupe(input)).toEqual({ type: 'MERGE_INTO', target_key: 'status-conf', reason: 'Same conference.' });
    const body = fake.seen[0]!.body as { messages: Array<{ content: string }> };
    expect(body.messages[0]!.content).toContain('might be the same proceeding recorded twice');
    expect(body.messages[1]!.content).toMatch(/key=status-conf[\s\S]*key=status-hearing/);
  });
});
