import { describe, expect, it } from 'vitest';
import {
  allFlagUsage,
  flagOptions,
  flagOptionsProblem,
  formFromOptions,
  OptionFlagError,
  optionsFromFlags,
  optionsFromForm,
} from '../../../src/core/tasks/option-fields';
import { taskRegistry } from '../../../src/core/tasks/registry';

const [localize, deps] = [taskRegistry.get('func-localize'), taskRegistry.get('dep-search')];

describe('generator options from the spec fields', () => {
  it('makes the flags: a choice whose flag is one of its choices is a switch', () => {
    expect(flagOptions(localize.options.fields)).toEqual({
      masked: { type: 'boolean' },
      curated: { type: 'boolean' },
      'min-body-lines': { type: 'string' },
      'exclude-tests': { type: 'boolean' },
      'exclude-private': { type: 'boolean' },
    });
    expect(allFlagUsage(taskRegistry.all())).toBe(
      '[--masked] [--curated] [--min-body-lines 0] [--exclude-tests] [--exclude-private] [--min-deps 1] [--max-deps 3] [--include-tests]',
    );
  });

  it('reads flags into options, leaving absent ones to the defaults, and refuses bad numbers', () => {
    expect(optionsFromFlags(localize.options.fields, { masked: true, 'min-body-lines': '3' })).toEqual({ mode: 'masked', minBodyLines: 3 });
    expect(optionsFromFlags(localize.options.fields, { curated: true, 'exclude-tests': true })).toEqual({ preset: 'curated', excludeTests: true });
    expect(optionsFromFlags(localize.options.fields, {})).toEqual({});
    expect(() => optionsFromFlags(deps.options.fields, { 'min-deps': '-1' })).toThrow(OptionFlagError);
    expect(() => optionsFromFlags(deps.options.fields, { 'min-deps': '-1' })).toThrow("--min-deps must be a non-negative integer, got '-1'");
  });

  it("checks fields together with the spec's problem, naming them by flag", () => {
    expect(flagOptionsProblem(deps, { minDeps: 4 })).toBe('--min-deps is larger than --max-deps');
    expect(flagOptionsProblem(deps, { minDeps: 2 })).toBeNull();
    expect(flagOptionsProblem(localize, {})).toBeNull();
  });

  it('maps the Repo form (a switch stored under its flag) to options and back', () => {
    expect(optionsFromForm(localize.options.fields, { masked: true, excludeTests: false })).toEqual({ mode: 'masked', excludeTests: false });
    expect(optionsFromForm(localize.options.fields, { curated: true })).toEqual({ preset: 'curated' });
    expect(optionsFromForm(localize.options.fields, { masked: false })).toEqual({ mode: 'unmasked' });
    expect(formFromOptions(localize.options.fields, { mode: 'masked' })).toEqual({ masked: true });
  });
});
