import { describe, expect, it } from 'vitest';
import { commandNameOf } from '../src/cli/index.js';
import { COMMAND_DESCRIPTIONS, loadCommand, type CommandName } from '../src/cli/registry.js';

describe('lazy command registry', () => {
  it('finds the command after global options, and `help <cmd>`', () => {
    expect(commandNameOf(['node', 'cc', 'sync', '--json'])).toBe('sync');
    expect(commandNameOf(['node', 'cc', '-c', 'x.yaml', 'emit'])).toBe('emit');
    expect(commandNameOf(['node', 'cc', '--config', 'sync', 'show'])).toBe('show'); // "sync" is the config's value here
    expect(commandNameOf(['node', 'cc', 'help', 'doctor'])).toBe('doctor');
    expect(commandNameOf(['node', 'cc', '--help'])).toBeNull();
    expect(commandNameOf(['node', 'cc', 'nosuch'])).toBeNull();
  });

  it('every listed command loads, under its own name, with the description the top-level help shows', async () => {
    for (const name of Object.keys(COMMAND_DESCRIPTIONS) as CommandName[]) {
      const cmd = await loadCommand(name);
      expect(cmd.name()).toBe(name);
      expect(cmd.description()).toBe(COMMAND_DESCRIPTIONS[name]);
    }
  });
});
