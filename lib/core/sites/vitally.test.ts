import { runExamples } from '../../../test/site-examples';
import { examples, vitally } from './vitally';

runExamples(vitally, examples);
