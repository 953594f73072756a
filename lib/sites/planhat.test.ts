import { runExamples } from './examples-suite';
import { examples, planhat } from './planhat';

runExamples(planhat, examples);
