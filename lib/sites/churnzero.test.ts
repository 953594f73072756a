import { runExamples } from './examples-suite';
import { examples, churnzero } from './churnzero';

runExamples(churnzero, examples);
