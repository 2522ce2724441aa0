"""Record linkage: which records, across lists and testimonies, are the same person.

    from testament.link import LinkOptions, link_case
    report = link_case(case, LinkOptions(threshold=0.3))

This package is the only one that imports Splink. Records are compared on normalised names and their
cross-script keys (`testament.names`), father's name, birth year, places, dates and affiliation; a model is
trained without labels and refined by human decisions, which clustering never overrides. Reviewers can
also merge persons and split records off a person by hand (`merge_persons`, `split_person`).
"""

from __future__ import annotations

from testament.link.cluster import Clustering, Join, cluster_records, role_sides
from testament.link.decisions import LabelImport, import_labels, latest_decisions, record_decision
from testament.link.engine import LinkMemoryError
from testament.link.evaluate import Scores, evaluate_case, score_clusters
from testament.link.model import Model, TrainingOptions
from testament.link.persons import PersonEdit, merge_persons, split_person
from testament.link.pipeline import Decision, LinkOptions, LinkResult, link_records
from testament.link.queue import QueueItem, select_queue
from testament.link.records import read_records, records_table
from testament.link.runs import CaseLink, assign_person_ids, link_case
from testament.link.uncertainty import LinkQuality, PairGraph, link_quality, sample_linkages

__all__ = [
    "CaseLink",
    "Clustering",
    "Decision",
    "Join",
    "LabelImport",
    "LinkMemoryError",
    "LinkOptions",
    "LinkQuality",
    "LinkResult",
    "Model",
    "PairGraph",
    "PersonEdit",
    "QueueItem",
    "Scores",
    "TrainingOptions",
    "assign_person_ids",
    "cluster_records",
    "evaluate_case",
    "import_labels",
    "latest_decisions",
    "link_case",
    "link_quality",
    "link_records",
    "merge_persons",
    "read_records",
    "record_decision",
    "records_table",
    "role_sides",
    "sample_linkages",
    "score_clusters",
    "select_queue",
    "split_person",
]
