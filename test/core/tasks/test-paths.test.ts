import { describe, expect, it } from 'vitest';
import { isPytestTestPath } from '../../../src/core/tasks/test-paths';

/** The rule behind function localization's "exclude tests": what pytest's default discovery treats as test code. */
describe('isPytestTestPath', () => {
  it.each([
    // pytest's python_files: test_*.py and *_test.py, at any depth
    ['test_cart.py', true],
    ['pkg/test_cart.py', true],
    ['pkg/cart_test.py', true],
    ['pkg/_test.py', true],
    // folders named tests/ or test/, at any depth, whatever the file is called
    ['tests/helpers.py', true],
    ['tests/unit/conftest.py', true],
    ['test/util.py', true],
    ['src/pkg/tests/data/make.py', true],
    ['test_utils/tests/x.py', true],
    // library code: the names only look like tests
    ['test_utils/helpers.py', false],
    ['test_utils/foo_tests.py', false],
    ['pkg/test_utils/foo_tests.py', false],
    ['testing/fixtures.py', false],
    ['pkg/contest.py', false],
    ['pkg/latest.py', false],
    ['pkg/attest_x.py', false],
    ['pkg/tests.py', false],
    ['pkg/testsuite/run.py', false],
    ['conftest.py', false],
    ['pkg/test_cart.pyi', false],
    ['mytests/x.py', false],
    ['pkg/Tests/x.py', false],
  ])('%s → %s', (path, test) => {
    expect(isPytestTestPath(path)).toBe(test);
  });
});
