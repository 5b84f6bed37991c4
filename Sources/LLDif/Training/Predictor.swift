import FaceData
import Tensor

/// Prediction on images that do not come from a dataset (`lldif predict`): each image is
/// converted, resized and normalised exactly as the evaluation pipeline does.
public enum Predictor {
    /// The model input for `images`, each converted to `channels`, resized to `size` × `size` and
    /// normalised with the pipeline's default mean and standard deviation.
    public static func input(for images: [FaceImage], channels: Int, size: Int) -> ModelInput {
        let config = Evaluator.evaluationConfig(imageSize: size)
        var pixels: [Float] = []
        for image in images {
            let resized = image.converted(toChannels: channels).resized(width: size, height: size)
            for c in 0..<channels {
                let mean = config.mean[min(c, config.mean.count - 1)], std = config.std[min(c, config.std.count - 1)]
                pixels += resized.pixels[(c * size * size)..<((c + 1) * size * size)].map { ($0 - mean) / std }
            }
        }
        return ModelInput(images: Tensor(shape: [images.count, channels, size, size], values: pixels))
    }

    /// Class probabilities per image, from the model in evaluation mode.
    public static func probabilities(_ model: any TrainableClassifier, _ input: ModelInput) throws -> [[Float]] {
        model.eval()
        let probabilities = Tensor.withoutGradients { model.classify(input).logits.softmax(axis: 1) }
        let classes = probabilities.shape[1], values = probabilities.scalars
        return (0..<input.count).map { Array(values[($0 * classes)..<(($0 + 1) * classes)]) }
    }
}
