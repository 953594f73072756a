import { runExamples } from '../../../test/site-examples';
import { examples, churnzero } from './churnzero';

runExamples(churnzero, examples);
