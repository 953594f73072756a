import { runExamples } from '../../../test/site-examples';
import { examples, planhat } from './planhat';

runExamples(planhat, examples);
