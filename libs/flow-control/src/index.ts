export { UNLIMITED_DEMAND, WritableDemand, readWithDemand, type Demand, type DrainingWriter } from './demand';
