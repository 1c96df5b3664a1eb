import { describe, expect, it } from 'vitest';
import { launchToken, TOKEN_STATE_KEY } from '../../src-shared/ipc/bridge-protocol';

/** Browser mode's launch token: out of the address bar after the first load, kept for reloads in the page's own history state. */
describe('launchToken', () => {
  it('takes the token out of the address, keeping the rest of the query', () => {
    expect(launchToken('?token=AbC-_123', null)).toEqual({ token: 'AbC-_123', search: '' });
    expect(launchToken('?step=review&token=AbC&x=1', { other: 1 })).toEqual({ token: 'AbC', search: '?step=review&x=1' });
  });

  it('after a reload, reads it from the history state the first load wrote (the address has none)', () => {
    expect(launchToken('', { [TOKEN_STATE_KEY]: 'AbC' })).toEqual({ token: 'AbC', search: null });
    expect(launchToken('?step=review', { [TOKEN_STATE_KEY]: 'AbC' })).toEqual({ token: 'AbC', search: null });
  });

  it('has no token from anywhere else', () => {
    expect(launchToken('', null)).toEqual({ token: '', search: null });
    expect(launchToken('', { [TOKEN_STATE_KEY]: 42 })).toEqual({ token: '', search: null });
  });
});
