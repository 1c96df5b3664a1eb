import { describe, expect, it } from 'vitest';
import { ServerName, screenServerNames, serverNameProblem, splitHostList, validateHostName } from '../../src-shared/domain/host-names';
import { isAllowedExternalUrl } from '../../src-shared/domain/external-links';

describe('validateHostName', () => {
  it.each([
    ['EX01', 'ex01'],
    ['ex01.contoso.local', 'ex01.contoso.local'],
    ['  Mail.Contoso.COM. ', 'mail.contoso.com'],
    ['10.0.0.5', '10.0.0.5'],
  ])('accepts %s', (input, normalized) => {
    expect(validateHostName(input)).toMatchObject({ valid: true, normalized });
  });

  it.each([
    ['', 'empty'],
    ['ex 01', 'spaces'],
    ["ex01';rm", 'quote'],
    ["ex01'; rm -rf /", 'quote'],
    ['$(whoami)', 'not a valid DNS label'],
    ['ex..contoso', 'empty part'],
    ['-ex01', 'not a valid DNS label'],
    ['999.1.1.1', 'not a valid IPv4'],
    ['averyveryverylongname', 'at most 15'],
    ['a'.repeat(64) + '.com', 'not a valid DNS label'],
  ])('refuses %j (%s)', (input, why) => {
    const check = validateHostName(input);
    expect(check.valid).toBe(false);
    expect(check.error).toContain(why);
  });

  it('splits typed lists', () => {
    expect(splitHostList('ex1, ex2;ex3\n ex4  ex5')).toEqual(['ex1', 'ex2', 'ex3', 'ex4', 'ex5']);
  });
});

describe('isAllowedExternalUrl', () => {
  it.each(['https://learn.microsoft.com/exchange/x', 'https://aka.ms/HelpConnectivityEEMS', 'https://support.microsoft.com/help/5024296'])('allows %s', url => {
    expect(isAllowedExternalUrl(url)).toBe(true);
  });
  it.each([
    'http://learn.microsoft.com/x',
    'https://learn.microsoft.com.evil.example/x',
    'https://evil.example/learn.microsoft.com',
    'https://user@learn.microsoft.com/',
    'https://learn.microsoft.com:8443/',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'https://learn.microsoft.com/a b',
  ])('refuses %s', url => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });
});

describe('server names from untrusted sources', () => {
  it.each([
    ['ex01\u2019;calc', 'quote'],
    ['ex01`whoami', 'quote'],
    ['ex01"', 'quote'],
    ['ex\u202Eemag', 'right-to-left'],
    ['ex01\u200B', 'invisible'],
    ['ex01\u0007', 'control'],
    ['ex\n01', 'control'],
    ['__proto__', 'reserved'],
    ['constructor', 'reserved'],
  ])('validateHostName refuses %j and does not echo it (%s)', (input, why) => {
    const check = validateHostName(input);
    expect(check.valid).toBe(false);
    expect(check.error).toContain(why);
  });

  it.each(['EX01', 'ex01.contoso.local', '10.0.0.5', 'LEGACY_EX', 'EX-SE1'])('ServerName accepts %s', name => {
    expect(serverNameProblem(name)).toBeNull();
    expect(ServerName.safeParse(name).success).toBe(true);
  });

  it.each(['', 'ex 01', "ex'1", 'ex\u20181', 'ex\u202E1', '__proto__', 'Constructor', 'prototype', '$(calc)', '-ex', 'a'.repeat(254), 'ex;1'])('ServerName refuses %j', name => {
    expect(ServerName.safeParse(name).success).toBe(false);
  });

  it('screens discovery results: keeps good names, one error per refused name, without the raw characters', () => {
    const { accepted, refused } = screenServerNames([{ name: 'EX1' }, { name: 'ex\u202E1' }, { name: "x'; calc" }], 'Discovery (lab)');
    expect(accepted.map(s => s.name)).toEqual(['EX1']);
    expect(refused).toHaveLength(2);
    expect(refused[0]!.message).not.toMatch(/\u202E/);
  });
});
