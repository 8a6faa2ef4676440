export { UNLIMITED_DEMAND, WritableDemand, readWithDemand, type Demand } from './demand';
