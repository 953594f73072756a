import { runExamples } from '../../../test/site-examples';
import { examples, intercom } from './intercom';

runExamples(intercom, examples);
