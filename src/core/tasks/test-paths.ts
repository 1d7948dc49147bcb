/** Test code by the usual conventions: tests/ or testing/ folders, test_*.py, *_test.py, conftest.py. */
const TEST_PATH = /(^|\/)(tests?|testing)(\/|$)|(^|\/)test_[^/]*\.py$|_test\.py$|(^|\/)conftest\.py$/;

export function isTestPath(path: string): boolean {
  return TEST_PATH.test(path);
}
