import { runExamples } from '../../../test/site-examples';
import { examples, gainsight } from './gainsight';

runExamples(gainsight, examples);
