/** Test code by the usual conventions (dependency search's "include tests"): tests/ or testing/ folders, test_*.py, *_test.py, conftest.py. */
const TEST_PATH = /(^|\/)(tests?|testing)(\/|$)|(^|\/)test_[^/]*\.py$|_test\.py$|(^|\/)conftest\.py$/;

export function isTestPath(path: string): boolean {
  return TEST_PATH.test(path);
}

/**
 * Test code by pytest's discovery names: a file named `test_*.py` or `*_test.py` (pytest's default
 * `python_files`), or any file under a folder named `tests` or `test` (where a project keeps its tests and their
 * helpers and conftest.py). So library code in `test_utils/` or `testing/` stays, as does a `*_tests.py` module
 * outside a test folder (pytest's default discovery does not collect it either).
 */
const PYTEST_FILE = /(^|\/)test_[^/]*\.py$|_test\.py$/;
const PYTEST_FOLDER = /(^|\/)tests?\//;

export function isPytestTestPath(path: string): boolean {
  return PYTEST_FILE.test(path) || PYTEST_FOLDER.test(path);
}
