import { runExamples } from './examples-suite';
import { examples, gainsight } from './gainsight';

runExamples(gainsight, examples);
