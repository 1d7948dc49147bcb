/** The paper's step limit (its examples cap episodes at 30 iterations): every task's default. */
export const PAPER_STEP_LIMIT = 30;
