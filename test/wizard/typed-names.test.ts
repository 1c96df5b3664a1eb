import { describe, expect, it } from 'vitest';
import { typedNameProblems } from '../../src-shared/wizard/typed-names';

describe('typed server names', () => {
  it('refuses "bad name!" as one invalid name instead of adding "bad"', () => {
    const { names, problems } = typedNameProblems('bad name!');
    expect(names).toEqual([]);
    expect(problems).toEqual([{ name: 'bad name!', kind: 'invalid', message: '"bad name!" is not a valid server name: A server name cannot contain spaces.' }]);
  });

  it('takes commas, semicolons and lines as separators, and each name once', () => {
    const { names, problems } = typedNameProblems('ex01, EX01.contoso.local;\nex02\r\n10.0.0.5,ex01');
    expect(names).toEqual(['ex01', 'ex01.contoso.local', 'ex02', '10.0.0.5']);
    expect(problems).toEqual([]);
  });
});
