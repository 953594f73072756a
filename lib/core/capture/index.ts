// Turning what a person selects on a page into captures: pure rules only.
export * from './capture';
export * from './settings';
export * from './severity';
export * from './suggest';
