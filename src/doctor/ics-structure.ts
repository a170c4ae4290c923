/**
 * A structural check of a published ICS file, independent of the renderer that wrote it: enough
 * to tell a calendar app will read it (and to catch a truncated or hand-edited file), not a full
 * RFC 5545 validator.
 */
export interface IcsStructure {
  /** Complete VEVENT components. */
  events: number;
  /** What is wrong, in file order; empty when the file is sound. */
  problems: string[];
}

// NAME, then ;PARAM=value pairs (values may be quoted and hold ':' or ';'), then ':'.
const CONTENT_LINE = /^([A-Za-z0-9-]+)(?:;[A-Za-z0-9-]+=(?:"[^"]*"|[^";:,]*)(?:,(?:"[^"]*"|[^";:,]*))*)*:/;
const MAX_PROBLEMS = 20;

interface Open {
  name: string;
  line: number;
  props: Set<string>;
}

export function checkIcsStructure(text: string): IcsStructure {
  const problems: string[] = [];
  const note = (p: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(p);
  };
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (body.trim() === '') return { events: 0, problems: ['the file is empty'] };
  // RFC 5545 §3.1: lines end in CRLF; a bare LF means something other than case-calendar wrote it.
  const bareLf = body.replace(/\r\n/g, '').includes('\n');
  if (bareLf) note('lines end in a bare LF instead of CRLF');
  if (/\r(?!\n)/.test(body)) note('the file holds a bare CR');

  // Unfold: a line starting with a space or tab continues the previous one.
  const physical = body.split(/\r\n|\n|\r/);
  if (physical[physical.length - 1] === '') physical.pop();
  const logical: Array<{ text: string; line: number }> = [];
  physical.forEach((raw, i) => {
    if (raw.startsWith(' ') || raw.startsWith('\t')) {
      const prev = logical[logical.length - 1];
      if (prev) prev.text += raw.slice(1);
      else note(`line ${i + 1} continues a line that does not exist`);
    } else logical.push({ text: raw, line: i + 1 });
  });

  const stack: Open[] = [];
  let events = 0;
  let calendars = 0;
  let closed = false; // the VCALENDAR has ended
  for (const { text: l, line } of logical) {
    if (l === '') {
      note(`line ${line} is blank`);
      continue;
    }
    const m = CONTENT_LINE.exec(l);
    if (!m) {
      note(`line ${line} is not a content line (NAME:value): "${l.slice(0, 40)}"`);
      continue;
    }
    const name = m[1]!.toUpperCase();
    const value = l.slice(m[0].length).trim().toUpperCase();
    if (closed) {
      note(`line ${line}: content after END:VCALENDAR`);
      closed = false; // say it once
      continue;
    }
    if (name === 'BEGIN') {
      if (stack.length === 0 && value !== 'VCALENDAR') note(`line ${line}: BEGIN:${value} outside a VCALENDAR`);
      if (value === 'VCALENDAR') {
        calendars++;
        if (stack.length > 0) note(`line ${line}: a VCALENDAR inside a ${stack[stack.length - 1]!.name}`);
      }
      if (value === 'VEVENT' && stack.length > 0 && stack[stack.length - 1]!.name !== 'VCALENDAR') note(`line ${line}: a VEVENT not directly inside the VCALENDAR`);
      stack.push({ name: value, line, props: new Set() });
      continue;
    }
    if (name === 'END') {
      // An END closes the innermost open component of its name; one that none is open for is ignored.
      const at = stack.map((o) => o.name).lastIndexOf(value);
      if (at < 0) {
        note(`line ${line}: END:${value} without a BEGIN:${value}`);
        continue;
      }
      for (const unclosed of stack.slice(at + 1).reverse()) note(`line ${line}: END:${value} while BEGIN:${unclosed.name} of line ${unclosed.line} is still open`);
      const top = stack[at]!;
      stack.length = at;
      if (top.name === 'VEVENT') {
        events++;
        const missing = ['UID', 'DTSTART'].filter((p) => !top.props.has(p));
        if (missing.length > 0) note(`the VEVENT of line ${top.line} has no ${missing.join(' and no ')}`);
      }
      if (top.name === 'VCALENDAR' && stack.length === 0) closed = true;
      continue;
    }
    const current = stack[stack.length - 1];
    if (!current) note(`line ${line}: ${name} outside the VCALENDAR`);
    else current.props.add(name);
  }
  if (calendars === 0) note('no BEGIN:VCALENDAR');
  for (const open of stack.reverse()) note(`BEGIN:${open.name} of line ${open.line} never ends (a truncated file?)`);
  return { events, problems };
}
