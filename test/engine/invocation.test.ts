import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildInvocation, newResultMarker, parseInvocationOutput } from '../../electron/engine/powershell/invocation';

const RESULT_PREFIX = newResultMarker();

const jsonValue = fc.jsonValue() as fc.Arbitrary<any>;

describe('buildInvocation', () => {
  it('produces only the fixed prefix and base64, whatever the data', () => {
    fc.assert(
      fc.property(fc.string(), fc.dictionary(fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,20}$/), jsonValue), (scriptPath, params) => {
        const command = buildInvocation(scriptPath, params, 'M:');
        expect(command).toMatch(/^Invoke-ExwizScript -Request '[A-Za-z0-9+/=]*'$/);
        const encoded = command.slice("Invoke-ExwizScript -Request '".length, -1);
        const decoded = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
        expect(decoded).toEqual(JSON.parse(JSON.stringify({ script: scriptPath, params, marker: 'M:' })));
      }),
    );
  });

  it('refuses parameter names that would need quoting', () => {
    for (const name of ['a b', 'x;y', '$x', '', '1abc', 'a-b']) {
      expect(() => buildInvocation('s.ps1', { [name]: 1 })).toThrow(/not a plain identifier/);
    }
  });
});

describe('parseInvocationOutput', () => {
  it('finds the result behind host chatter and escape codes', () => {
    const out = `hello\n\u001b[?1h${RESULT_PREFIX}{"ok":true,"value":{"a":1},"errors":[]}\n\u001b[?1l`;
    expect(parseInvocationOutput(out, 'x.ps1', RESULT_PREFIX).value).toEqual({ a: 1 });
  });

  it('types every kind of bad output', () => {
    expect(() => parseInvocationOutput('nothing here', 'x.ps1', RESULT_PREFIX)).toThrow(expect.objectContaining({ code: 'malformed-output' }));
    expect(() => parseInvocationOutput(`${RESULT_PREFIX}{not json`, 'x.ps1', RESULT_PREFIX)).toThrow(expect.objectContaining({ code: 'malformed-output' }));
    expect(() => parseInvocationOutput(`${RESULT_PREFIX}{"ok":"maybe"}`, 'x.ps1', RESULT_PREFIX)).toThrow(expect.objectContaining({ code: 'malformed-output' }));
    expect(() => parseInvocationOutput(`${RESULT_PREFIX}{"ok":false,"error":{"message":"boom"}}`, 'C:\\s\\x.ps1', RESULT_PREFIX)).toThrow(
      expect.objectContaining({ code: 'script-error', message: 'x.ps1 failed: boom' }),
    );
  });

  it('accepts the shapes Windows PowerShell 5.1 gives an empty error list', () => {
    for (const errors of ['[]', '{}', 'null']) {
      expect(parseInvocationOutput(`${RESULT_PREFIX}{"ok":true,"value":1,"errors":${errors}}`, 'x', RESULT_PREFIX).nonTerminatingErrors).toEqual([]);
    }
    const single = parseInvocationOutput(`${RESULT_PREFIX}{"ok":true,"value":1,"errors":{"message":"m"}}`, 'x', RESULT_PREFIX);
    expect(single.nonTerminatingErrors).toEqual([{ message: 'm' }]);
  });
});
