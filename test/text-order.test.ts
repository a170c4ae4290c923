import { describe, expect, it } from 'vitest';
import { byCodeUnits } from '../src/text-order.js';

describe('byCodeUnits', () => {
  it('orders ISO dates, kebab-case keys and endpoint names as localeCompare does', () => {
    let seed = 11;
    const next = (n: number) => Math.floor(((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * n);
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
    const words: string[] = ['', 'courts', 'docket-alerts', 'docket-entries', 'dockets'];
    for (let i = 0; i < 300; i++) {
      const y = 1990 + next(60);
      words.push(`${y}-${String(1 + next(12)).padStart(2, '0')}-${String(1 + next(28)).padStart(2, '0')}`);
      const parts = Array.from({ length: 1 + next(4) }, () => Array.from({ length: 1 + next(6) }, () => alphabet[next(alphabet.length)]).join(''));
      words.push(parts.join('-'));
    }
    const disagree: string[] = [];
    for (const a of words) for (const b of words) if (Math.sign(byCodeUnits(a, b)) !== Math.sign(a.localeCompare(b))) disagree.push(`${a} | ${b}`);
    expect(disagree).toEqual([]);
    expect(words.length).toBeGreaterThan(600);
  });
});
