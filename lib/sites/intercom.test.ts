import { runExamples } from './examples-suite';
import { examples, intercom } from './intercom';

runExamples(intercom, examples);
