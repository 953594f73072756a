import { runExamples } from './examples-suite';
import { examples, dynamics365 } from './dynamics365';

runExamples(dynamics365, examples);
