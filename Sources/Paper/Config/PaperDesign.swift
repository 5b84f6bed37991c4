extension Profile {
    /// The experimental design of the result chapters (04–08) at this profile's budget: which
    /// low-light datasets and baselines the accuracy tables cover, where and with which seeds the
    /// t-SNE, diffusion-step and ablation studies run, and the step counts T of the step study.
    /// The training seeds of the accuracy tables are `seeds`.
    var design: [String: SettingValue] {
        let all = "ll-syn-raf,ll-syn-ferplus,ll-syn-kdef"
        var design: [String: SettingValue] = [
            "paper.datasets": .string(all), "paper.baselines": .string("resnet18,scn,rul,eac,poster-lite"),
            "paper.study_dataset": .string("ll-syn-raf"), "paper.steps": .ints([1, 2, 3, 4, 6, 8, 16]),
        ]
        switch self {
        case .smoke:
            design["paper.datasets"] = .string("ll-syn-raf")
            design["paper.steps"] = .ints([1, 2, 4])
            design["paper.study_seeds"] = .ints([0])
        case .quick:
            design["paper.study_seeds"] = .ints([0])
        case .full:
            design["paper.study_seeds"] = .ints([0, 1, 2])
        }
        return design
    }
}
