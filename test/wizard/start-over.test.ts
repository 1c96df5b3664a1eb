import { describe, expect, it } from 'vitest';
import { startOverLosses } from '../../src-shared/wizard/start-over';
import { sampleSession } from '../report/fixtures';

describe('start over', () => {
  it('lists what a new session will not show, including ticks and downloads', () => {
    const lines = startOverLosses(sampleSession());
    expect(lines).toEqual([
      'The health scan of 6 servers (2026-11-26 09:15 UTC) and the plan made from it',
      'The record of 1 verified download (the files stay in the data folder)',
      'The record of 1 copy to servers (the copies stay on the servers)',
      '2 ticked checklist items on the Upgrade step',
      'Your choices on the Welcome step',
    ]);
  });

  it('has nothing to list for an untouched session', () => {
    expect(startOverLosses({ discovered: [], scan: null, downloads: [], staging: [], checklist: {}, organisation: { mode: 'demo', hasEsu: false, serverNames: [] } })).toEqual([]);
  });
});
