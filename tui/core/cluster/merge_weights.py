"""The fitted model of ``tui.core.cluster.weighed``: written by
benchmarks/train_merge_model.py (do not edit by hand).

Fitted on 18711 pairs of stories (666 one event) from 36 labelled sets:
fulltext, fulltext-validation, fulltext-holdout, fulltext-check, fulltext-final,
fulltext-decide, fulltext-test, fulltext-judge, fulltext-blind, fulltext-blind2,
fulltext-blind3, fulltext-blind4, fulltext-blind5, fulltext-blind6, fulltext-blind7,
fulltext-blind8, fulltext-blind9, fulltext-blind10, fulltext-blind11, fulltext-blind12,
fulltext-blind13, fulltext-blind14, fulltext-blind15, fulltext-blind16, fulltext-blind17,
fulltext-blind18, fulltext-blind19, fulltext-blind20, fulltext-blind21, fulltext-blind22,
fulltext-blind23, fulltext-blind24, fulltext-blind25, fulltext-blind26, fulltext-blind27,
fulltext-blind28
held out: fulltext-blind29 and every later set. Logistic regression, L2, C = 0.1.
"""

INTERCEPT = -4.5541
WEIGHTS = (
    3.6894,  # cosine
    0.9690,  # closest
    0.2389,  # gap_days
    0.1922,  # start_days
    -2.0020,  # log_smaller
    -0.6571,  # log_larger
    1.9053,  # lone
    -0.9253,  # keys_shared
    4.7844,  # names_shared
    0.3479,  # both_happenings
    1.2805,  # one_happening
    0.5145,  # same_happening
    -1.3998,  # other_happenings
    -1.2810,  # other_news
    -2.4958,  # developed_apart
    0.2935,  # names_clash
    -0.9083,  # smaller_clashes
    -0.7716,  # larger_clashes
    1.8440,  # figures_shared
    -1.6436,  # countries_clash
    -0.8720,  # no_common_country
)
