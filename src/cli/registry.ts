/**
 * The commands and what each does, without loading them: `--help` and the command that runs load
 * only what they need (a command's module pulls in zod, undici, SQLite… when it is imported).
 */
export const COMMAND_DESCRIPTIONS = {
  'sync': 'poll CourtListener for new docket entries, extract hearings and deadlines, re-render changed calendars',
  'reconcile': 're-fetch recent placeholder entries (webhook stubs without text) and extract the ones CourtListener has since filled in',
  'alerts': 'show whether each configured docket has an active CourtListener docket alert (webhook subscription); --sync creates the missing ones',
  'serve': 'run the webhook receiver (and serve the calendar files) until SIGTERM',
  'webhook-url': "print the URL to register in CourtListener's webhook settings; --check probes the running receiver through it",
  'inbox': 'inspect and replay received webhook deliveries',
  'extract': 'read docket entries as JSON lines on stdin and print the actions each yields (no store, no network)',
  'emit': 're-render every calendar and the index page from the store, and push Google / Microsoft 365 calendars where configured (no CourtListener requests)',
  'push': 'bring Google Calendar / Microsoft 365 calendars in step with the store: create, update and remove only what changed',
  'setup': 'first sign-in for pushing to Google Calendar (gcal) or Microsoft 365 (m365); works on a server without a browser',
  'summarize': 'write the plain-language summary of each case docket that has none or is out of date (case_summaries.enabled)',
  'notify': 'change notifications: list, show, replay, test and re-enable endpoints',
  'doctor': 'check the set-up end to end (config, environment, CourtListener, store, calendars, receiver, models, notifications); exit 1 when a check fails',
  'show': 'list the stored hearings and deadlines of each case (court-local times)',
  'prune': 'remove stored dockets no configured case lists any more (dry run unless --apply)',
  'demo': 'run the whole pipeline offline against a bundled fictional docket and print what it found',
} as const;

export type CommandName = keyof typeof COMMAND_DESCRIPTIONS;

/** Loads one command's definition (its options, help and action). */
export async function loadCommand(name: CommandName): Promise<import('commander').Command> {
  switch (name) {
    case 'sync':
      return (await import('./commands/sync.js')).syncCommand();
    case 'reconcile':
      return (await import('./commands/reconcile.js')).reconcileCommand();
    case 'alerts':
      return (await import('./commands/alerts.js')).alertsCommand();
    case 'serve':
      return (await import('./commands/serve.js')).serveCommand();
    case 'webhook-url':
      return (await import('./commands/webhook-url.js')).webhookUrlCommand();
    case 'inbox':
      return (await import('./commands/inbox.js')).inboxCommand();
    case 'extract':
      return (await import('./commands/extract.js')).extractCommand();
    case 'emit':
      return (await import('./commands/emit.js')).emitCommand();
    case 'push':
      return (await import('./commands/push.js')).pushCommand();
    case 'setup':
      return (await import('./commands/setup.js')).setupCommand();
    case 'summarize':
      return (await import('./commands/summarize.js')).summarizeCommand();
    case 'notify':
      return (await import('./commands/notify.js')).notifyCommand();
    case 'doctor':
      return (await import('./commands/doctor.js')).doctorCommand();
    case 'show':
      return (await import('./commands/show.js')).showCommand();
    case 'prune':
      return (await import('./commands/prune.js')).pruneCommand();
    case 'demo':
      return (await import('./commands/demo.js')).demoCommand();
  }
}
