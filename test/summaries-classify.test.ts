import { describe, expect, it } from 'vitest';
import { entryIsPrimary, entryIsStrictDisposition, isBroadDisposition, isPrimary, isStrictDisposition } from '../src/summaries/classify.js';

describe('summary document classifiers', () => {
  it('primary: a charging document or complaint at the head, amended or not', () => {
    for (const d of ['INDICTMENT as to Kai Brook (1) count(s) 1-3', '12 SUPERSEDING INDICTMENT as to Kai Brook', 'Sealed Indictment', 'FIRST AMENDED COMPLAINT against Acme Corp.', 'CRIMINAL COMPLAINT as to Kai Brook', 'PETITION for Writ of Habeas Corpus', 'INFORMATION as to Kai Brook (1) count 1', 'Redacted Information']) {
      expect(isPrimary(d), d).toBe(true);
    }
    for (const d of ['MOTION to Dismiss the Indictment', 'ORDER striking the complaint', 'NOTICE of Filing Information Sheet about the case schedule', 'COMPLAINT DEFICIENCY NOTICE', 'Civil Cover Sheet', null]) {
      expect(isPrimary(d), String(d)).toBe(false);
    }
  });

  it('broad disposition: anchored judgments and pleas, or disposition words anywhere, never a conference', () => {
    for (const d of ['JUDGMENT as to Kai Brook', 'PLEA AGREEMENT as to Kai Brook', 'Minute Entry: Change of Plea Hearing; defendant pled guilty to count 1', 'ORDER granting motion; case dismissed without prejudice', 'MANDATE of USCA', 'OPINION AND ORDER', 'NOTICE OF VOLUNTARY DISMISSAL']) {
      expect(isBroadDisposition(d), d).toBe(true);
    }
    expect(isBroadDisposition('Status Conference held; parties discussed dismissal')).toBe(false);
    expect(isBroadDisposition('MOTION for Extension of Time to File Response')).toBe(false);
  });

  it('strict disposition: the court deciding something, not setting its calendar', () => {
    for (const d of ['JUDGMENT as to Kai Brook (1)', 'ORDER granting 40 Motion to Dismiss; the complaint is dismissed with prejudice', 'PAPERLESS ORDER: the defendant is sentenced to time served', 'VERDICT FORM', 'MEMORANDUM OPINION']) {
      expect(isStrictDisposition(d), d).toBe(true);
    }
    for (const d of ['ORDER setting sentencing for 5/5/2026', 'Motion Hearing held on 40 Motion to Dismiss', 'MOTION to Continue Sentencing', 'NOTICE OF SENTENCING DATE', 'Scheduling conference; dismissal deadline discussed', 'ORDER re stipulation of dismissal of count 2']) {
      expect(isStrictDisposition(d), d).toBe(false);
    }
  });

  it('an entry counts when its head or any of its documents does', () => {
    const e = (description: string, docs: string[] = []) => ({ description, shortDescription: null, documents: docs.map((d) => ({ description: d })) });
    expect(entryIsPrimary(e('Filed documents', ['Exhibit A', 'Indictment']))).toBe(true);
    expect(entryIsStrictDisposition(e('(blank)', ['Judgment']))).toBe(true);
    expect(entryIsPrimary(e('NOTICE OF APPEARANCE', ['Notice']))).toBe(false);
  });
});
