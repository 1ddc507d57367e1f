export { createNarsPredictor } from './nars-predictor';
export type { AccuracyExample, FitOptions, NarsPredictor, NarsPredictorOptions, NarsPredictorState, ProxyExample } from './nars-predictor';
export { loadNarsPredictor, saveNarsPredictor } from './save-nars-predictor';
