import { runExamples } from '../../../test/site-examples';
import { examples, dynamics365 } from './dynamics365';

runExamples(dynamics365, examples);
