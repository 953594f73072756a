import { runExamples } from './examples-suite';
import { examples, vitally } from './vitally';

runExamples(vitally, examples);
