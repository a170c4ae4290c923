/**
 * The public index page: every calendar, its subscribe links and its cases, with a preview of the
 * upcoming events built from exactly the events the feed holds. One self-contained file (inline
 * CSS and JS, no external requests), a pure function of its input so it is byte-stable.
 */

import { shortEnglishDate } from '../time/english-date.js';

export interface IndexEvent {
  uid: string; // the VEVENT's UID
  kind: 'hearing' | 'deadline';
  title: string;
  status: 'scheduled' | 'held' | 'cancelled' | 'pending' | 'met' | 'passed';
  localDate: string; // YYYY-MM-DD, court-local
  localTime: string | null; // HH:MM court-local; null = all day / time not set
  zoneAbbrev: string | null;
  startMs: number;
}

export interface IndexDocket {
  docketId: number;
  docketNumber: string | null;
  courtCitation: string | null;
  url: string | null;
}

export interface IndexCase {
  caseId: string;
  caseName: string;
  tags: string[];
  dockets: IndexDocket[];
  lastFilingDate: string | null;
  events: IndexEvent[]; // the case's VEVENTs, by start
  /** Plain-language summaries, one per docket (labelled when the case has several); links are the only markup. */
  summaries?: Array<{ label: string | null; runs: Array<{ text: string; url?: string }> }>;
}

export interface IndexCalendar {
  calendarId: string;
  name: string;
  feedHref: string | null; // https URL with public_base_url, else relative; null = no file
  webcalHref: string | null;
  cases: IndexCase[];
}

export interface IndexPageInput {
  siteTitle: string;
  siteDescription: string;
  today: string; // events dated today or later are "upcoming"
  updated: string | null;
  calendars: IndexCalendar[];
}

const VISIBLE_UPCOMING = 3;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Only web, webcal and scheme-less relative links; anything else (javascript:, data:) is dropped. */
export function safeHref(href: string | null | undefined): string | null {
  const h = href?.trim();
  if (!h) return null;
  if (/^(https?|webcal):\/\//i.test(h)) return h;
  // Relative: no scheme before the first path, query or fragment character.
  return /^[^:/?#]+:/.test(h) ? null : h;
}

function shortDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return shortEnglishDate(new Date(Date.UTC(y, m - 1, d)));
}

function clock(time: string): string {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return `${h % 12 === 0 ? 12 : h % 12}:${String(m).padStart(2, '0')} ${h < 12 ? 'AM' : 'PM'}`;
}

const STATUS_LABEL: Partial<Record<IndexEvent['status'], string>> = { cancelled: 'Cancelled', held: 'Held', met: 'Filed' };

function eventItem(e: IndexEvent): string {
  const when = e.localTime ? `${clock(e.localTime)}${e.zoneAbbrev ? ` ${e.zoneAbbrev}` : ''}` : e.kind === 'deadline' ? 'due' : 'time TBD';
  const status = STATUS_LABEL[e.status];
  return (
    `<li class="event${e.status === 'cancelled' ? ' cancelled' : ''}" data-uid="${escapeHtml(e.uid)}">` +
    `<time datetime="${escapeHtml(e.localDate)}">${escapeHtml(shortDate(e.localDate))}</time>` +
    `<span class="when">${escapeHtml(when)}</span>` +
    `<span class="badge ${e.kind}">${e.kind === 'hearing' ? 'Hearing' : 'Deadline'}</span>` +
    `<span class="title">${escapeHtml(e.title)}</span>` +
    (status ? `<span class="status">${status}</span>` : '') +
    '</li>'
  );
}

function upcomingOf(c: IndexCase, today: string): IndexEvent[] {
  return c.events.filter((e) => e.localDate >= today).sort((a, b) => a.startMs - b.startMs || (a.uid < b.uid ? -1 : 1));
}

function caseItem(c: IndexCase, today: string): string {
  const upcoming = upcomingOf(c, today);
  const next = upcoming.find((e) => e.status !== 'cancelled');
  const dockets = c.dockets
    .map((d) => {
      const label = escapeHtml(`${d.docketNumber ?? `Docket ${d.docketId}`}${d.courtCitation ? ` (${d.courtCitation})` : ''}`);
      const href = safeHref(d.url);
      return href ? `<a href="${escapeHtml(href)}" target="_blank" rel="noopener">${label}</a>` : label;
    })
    .join(' · ');
  const tags = c.tags.length ? `<ul class="tags" aria-label="Tags">${c.tags.map((t) => `<li>${escapeHtml(t)}</li>`).join('')}</ul>` : '';
  const shown = upcoming.slice(0, VISIBLE_UPCOMING);
  const more = upcoming.slice(VISIBLE_UPCOMING);
  const preview =
    upcoming.length === 0
      ? '<p class="none">No upcoming events.</p>'
      : `<ol class="events">${shown.map(eventItem).join('')}</ol>` +
        (more.length ? `<details><summary>+${more.length} more</summary><ol class="events">${more.map(eventItem).join('')}</ol></details>` : '');
  return (
    `<li class="case" data-name="${escapeHtml(c.caseName.toLowerCase())}" data-next="${next ? next.startMs : ''}" data-last-filing="${escapeHtml(c.lastFilingDate ?? '')}">` +
    `<h3>${escapeHtml(c.caseName)}</h3>` +
    (dockets ? `<p class="dockets">${dockets}</p>` : '') +
    `<p class="meta">Last filing: ${c.lastFilingDate ? escapeHtml(c.lastFilingDate) : 'unknown'}</p>` +
    summaryBlock(c) +
    tags +
    `<h4>Upcoming</h4>${preview}</li>`
  );
}

function summaryBlock(c: IndexCase): string {
  const items = (c.summaries ?? []).filter((s) => s.runs.length > 0);
  if (items.length === 0) return '';
  const paragraph = (s: (typeof items)[number]) =>
    `<p>${s.label ? `<strong>${escapeHtml(s.label)}:</strong> ` : ''}${s.runs
      .map((r) => {
        const href = r.url ? safeHref(r.url) : null;
        return href ? `<a href="${escapeHtml(href)}" target="_blank" rel="noopener">${escapeHtml(r.text)}</a>` : escapeHtml(r.text);
      })
      .join('')}</p>`;
  return `<div class="summary">${items.map(paragraph).join('')}</div>`;
}

/** Server order = the select's default (next event first), so the page reads right without JS. */
function byNextEvent(today: string) {
  const key = (c: IndexCase) => upcomingOf(c, today).find((e) => e.status !== 'cancelled')?.startMs ?? Number.POSITIVE_INFINITY;
  return (a: IndexCase, b: IndexCase) => key(a) - key(b) || a.caseName.localeCompare(b.caseName, 'en');
}

function calendarSection(cal: IndexCalendar, today: string): string {
  const id = escapeHtml(cal.calendarId);
  const feed = safeHref(cal.feedHref);
  const subscribe = safeHref(cal.webcalHref) ?? feed;
  const links = feed
    ? `<div class="feed"><a class="button" href="${escapeHtml(subscribe!)}">Subscribe</a>` +
      `<button type="button" class="copy" data-href="${escapeHtml(feed)}">Copy link</button></div>`
    : '';
  const cases = [...cal.cases].sort(byNextEvent(today));
  const body =
    cases.length === 0
      ? '<p class="none">No cases yet.</p>'
      : `<label class="sort">Sort by <select data-list="cases-${id}">` +
        '<option value="next" selected>Next event</option><option value="name">Name (A–Z)</option><option value="filing">Last filing</option>' +
        `</select></label><ul class="cases" id="cases-${id}">${cases.map((c) => caseItem(c, today)).join('')}</ul>`;
  return `<section class="calendar" aria-labelledby="cal-${id}"><div class="head"><h2 id="cal-${id}">${escapeHtml(cal.name)}</h2>${links}</div>${body}</section>`;
}

const STYLE = `:root{color-scheme:light dark;--bg:#fff;--fg:#1b1b1b;--muted:#545454;--card:#f6f7f9;--line:#d9dce1;--link:#0b57d0;--accent:#0b57d0;--accent-fg:#fff;--hearing:#e3ecfd;--deadline:#fdf0d9;--cancel:#8a1c1c;--focus:#b35900}
@media (prefers-color-scheme:dark){:root{--bg:#121417;--fg:#e9eaec;--muted:#b4b8bf;--card:#1c1f24;--line:#343941;--link:#9cc0ff;--accent:#9cc0ff;--accent-fg:#0d1117;--hearing:#23324d;--deadline:#43361c;--cancel:#ff9c9c;--focus:#ffb74d}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
header,main,footer{max-width:60rem;margin:0 auto;padding:1rem}
h1{margin:.5rem 0 .25rem;font-size:1.75rem}
h2{margin:0;font-size:1.35rem}
h3{margin:0 0 .25rem;font-size:1.1rem}
h4{margin:.75rem 0 .25rem;font-size:.95rem;color:var(--muted)}
a{color:var(--link)}
a:focus-visible,button:focus-visible,select:focus-visible,summary:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.summary p{margin:.4rem 0;line-height:1.45}
.lede{margin:0}.meta,.none{color:var(--muted);margin:.25rem 0}
.calendar{border-top:1px solid var(--line);padding-top:1rem;margin-top:1rem}
.head{display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;justify-content:space-between}
.feed{display:flex;flex-wrap:wrap;gap:.5rem}
.button,.copy{display:inline-block;padding:.4rem .9rem;border-radius:.4rem;font:inherit;font-size:.95rem;cursor:pointer;text-decoration:none}
.button{background:var(--accent);color:var(--accent-fg);border:1px solid var(--accent)}
.copy{background:transparent;color:var(--link);border:1px solid var(--line)}
.sort{display:block;margin:.75rem 0;color:var(--muted)}
select{font:inherit;color:var(--fg);background:var(--card);border:1px solid var(--line);border-radius:.3rem;padding:.2rem .4rem}
.cases{list-style:none;margin:0;padding:0;display:grid;gap:.75rem}
.case{background:var(--card);border:1px solid var(--line);border-radius:.5rem;padding:.75rem 1rem;min-width:0}
.dockets{margin:0;overflow-wrap:anywhere}
.tags{list-style:none;display:flex;flex-wrap:wrap;gap:.35rem;margin:.35rem 0;padding:0}
.tags li{font-size:.8rem;border:1px solid var(--line);border-radius:1rem;padding:0 .55rem}
.events{list-style:none;margin:0;padding:0}
.event{display:flex;flex-wrap:wrap;gap:.2rem .6rem;align-items:baseline;padding:.3rem 0;border-top:1px solid var(--line)}
.event time{font-weight:600;min-width:8.5rem}
.when{color:var(--muted);min-width:6.5rem}
.badge{font-size:.75rem;border-radius:.3rem;padding:0 .4rem;color:var(--fg)}
.badge.hearing{background:var(--hearing)}.badge.deadline{background:var(--deadline)}
.title{flex:1 1 12rem;overflow-wrap:anywhere}
.cancelled .title{text-decoration:line-through}
.status{font-size:.8rem;font-weight:600}.cancelled .status{color:var(--cancel)}
details summary{cursor:pointer;color:var(--link);padding:.3rem 0}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
footer{color:var(--muted);font-size:.9rem;border-top:1px solid var(--line);margin-top:1.5rem}`;

const SCRIPT = `(function(){
var live=document.getElementById('announce');
function say(m){live.textContent='';setTimeout(function(){live.textContent=m;},30);}
function cmp(k){return function(a,b){
 var na=a.getAttribute('data-name'),nb=b.getAttribute('data-name');
 if(k==='name')return na.localeCompare(nb);
 var x=a.getAttribute(k==='next'?'data-next':'data-last-filing'),y=b.getAttribute(k==='next'?'data-next':'data-last-filing');
 if(x===y)return na.localeCompare(nb);if(!x)return 1;if(!y)return -1;
 if(k==='next')return Number(x)-Number(y);
 return x<y?1:-1;};}
Array.prototype.forEach.call(document.querySelectorAll('select[data-list]'),function(sel){
 sel.addEventListener('change',function(){
  var list=document.getElementById(sel.getAttribute('data-list'));
  Array.prototype.slice.call(list.children).sort(cmp(sel.value)).forEach(function(li){list.appendChild(li);});
  say('Sorted by '+sel.options[sel.selectedIndex].text);});});
Array.prototype.forEach.call(document.querySelectorAll('button.copy'),function(btn){
 btn.addEventListener('click',function(){
  var url=new URL(btn.getAttribute('data-href'),location.href).href;
  function manual(){var i=document.createElement('input');i.value=url;i.readOnly=true;i.setAttribute('aria-label','Feed link');btn.insertAdjacentElement('afterend',i);i.select();
   var ok=false;try{ok=document.execCommand('copy');}catch(e){}say(ok?'Copied':'Link selected: copy it with your keyboard');}
  if(navigator.clipboard&&window.isSecureContext){navigator.clipboard.writeText(url).then(function(){say('Copied');},manual);}else{manual();}});});
})();`;

export function renderIndexPage(input: IndexPageInput): string {
  const sections = input.calendars.map((c) => calendarSection(c, input.today)).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="description" content="${escapeHtml(input.siteDescription)}">
<title>${escapeHtml(input.siteTitle)}</title>
<link rel="icon" href="data:,">
<style>${STYLE}</style>
</head>
<body>
<header><h1>${escapeHtml(input.siteTitle)}</h1><p class="lede">${escapeHtml(input.siteDescription)}</p>${input.updated ? `<p class="meta">Updated ${escapeHtml(input.updated)}</p>` : ''}</header>
<main>
${sections || '<p class="none">No calendars configured.</p>'}
</main>
<footer><p>Hearings and deadlines are extracted automatically from public dockets on <a href="https://www.courtlistener.com/">CourtListener</a> and may contain errors; the docket is the authoritative record. Times are the court's local time.</p></footer>
<p id="announce" class="sr-only" aria-live="polite"></p>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
