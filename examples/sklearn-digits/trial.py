"""Classifies scikit-learn's bundled 8x8 digits; reports cross-validated and held-out accuracy."""
import nni
from sklearn.datasets import load_digits
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import cross_val_score, train_test_split
from sklearn.svm import SVC


def build(model):
    if model["_name"] == "svc":
        return SVC(C=model["C"], gamma=model["gamma"])
    return RandomForestClassifier(
        n_estimators=int(model["n_estimators"]), max_depth=int(model["max_depth"]), random_state=0
    )


params = nni.get_next_parameter()
X, y = load_digits(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=params["test_fraction"], random_state=0, stratify=y
)
classifier = build(params["model"])
for fold, score in enumerate(cross_val_score(classifier, X_train, y_train, cv=5)):
    nni.report_intermediate_result(float(score))
classifier.fit(X_train, y_train)
accuracy = float(classifier.score(X_test, y_test))
nni.report_final_result({"default": accuracy, "model": params["model"]["_name"]})
