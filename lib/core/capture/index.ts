// Turning what a person selects on a page into captures: pure rules only.
export * from './capture';
export * from './severity';
export * from './suggest';
export * from './supported';
export * from './made-by';
