"""Contains all the data models used in inputs/outputs"""

from .accept_request import AcceptRequest
from .allied_output import AlliedOutput
from .allied_output_basis_enum import AlliedOutputBasisEnum
from .allocation import Allocation
from .allocation_source_type_0 import AllocationSourceType0
from .allocation_status_enum import AllocationStatusEnum
from .allocations_list_status import AllocationsListStatus
from .analytics_allied_capacity_retrieve_basis import (
    AnalyticsAlliedCapacityRetrieveBasis,
)
from .analytics_concentration_retrieve_sector import (
    AnalyticsConcentrationRetrieveSector,
)
from .analytics_dependence_ranking_retrieve_sector import (
    AnalyticsDependenceRankingRetrieveSector,
)
from .analytics_facility import AnalyticsFacility
from .api_root import ApiRoot
from .api_root_links import ApiRootLinks
from .audit_event import AuditEvent
from .blank_enum import BlankEnum
from .bottleneck import Bottleneck
from .bulk_row_result import BulkRowResult
from .bulk_row_result_errors import BulkRowResultErrors
from .bulk_row_result_status_enum import BulkRowResultStatusEnum
from .bulk_upsert_request_request import BulkUpsertRequestRequest
from .bulk_upsert_request_request_records_item import (
    BulkUpsertRequestRequestRecordsItem,
)
from .bulk_upsert_result import BulkUpsertResult
from .capacities_list_format import CapacitiesListFormat
from .capacities_list_marking_item import CapacitiesListMarkingItem
from .capacities_list_sector_item import CapacitiesListSectorItem
from .capacity_figure import CapacityFigure
from .capacity_input_request import CapacityInputRequest
from .capacity_output import CapacityOutput
from .capacity_ratio import CapacityRatio
from .capacity_share import CapacityShare
from .change import Change
from .change_kind_enum import ChangeKindEnum
from .change_record_type_0 import ChangeRecordType0
from .changes_page import ChangesPage
from .channel import Channel
from .chokepoints import Chokepoints
from .concentration import Concentration
from .content import Content
from .content_component import ContentComponent
from .content_component_basis_enum import ContentComponentBasisEnum
from .content_threshold import ContentThreshold
from .country_capacity import CountryCapacity
from .country_enum import CountryEnum
from .coverage import Coverage
from .coverage_suppressed import CoverageSuppressed
from .decline_request import DeclineRequest
from .demand_figure import DemandFigure
from .demand_input_request import DemandInputRequest
from .demand_output import DemandOutput
from .demands_list_format import DemandsListFormat
from .demands_list_marking_item import DemandsListMarkingItem
from .demands_list_sector_item import DemandsListSectorItem
from .dependence import Dependence
from .dependence_ranking import DependenceRanking
from .dependence_tier import DependenceTier
from .emergency_request import EmergencyRequest
from .emergency_request_request import EmergencyRequestRequest
from .emergency_requests_list_priority import EmergencyRequestsListPriority
from .emergency_requests_list_status import EmergencyRequestsListStatus
from .emergency_status_enum import EmergencyStatusEnum
from .evaluate_input_request import EvaluateInputRequest
from .evaluated_offer import EvaluatedOffer
from .evaluation import Evaluation
from .events_enum import EventsEnum
from .exposure import Exposure
from .exposure_facility import ExposureFacility
from .exposure_path_step import ExposurePathStep
from .exposure_tier import ExposureTier
from .exposure_total import ExposureTotal
from .facilities_list_format import FacilitiesListFormat
from .facilities_list_kind_item import FacilitiesListKindItem
from .facilities_list_marking_item import FacilitiesListMarkingItem
from .facilities_list_status_item import FacilitiesListStatusItem
from .facility_input_kind_enum import FacilityInputKindEnum
from .facility_input_request import FacilityInputRequest
from .facility_input_status_enum import FacilityInputStatusEnum
from .facility_output import FacilityOutput
from .facility_ref import FacilityRef
from .feature_collection import FeatureCollection
from .feature_collection_features_item import FeatureCollectionFeaturesItem
from .group_members_change_request import GroupMembersChangeRequest
from .health import Health
from .health_status_enum import HealthStatusEnum
from .hhi_band_enum import HhiBandEnum
from .import_job import ImportJob
from .import_job_status_enum import ImportJobStatusEnum
from .import_upload_kind_enum import ImportUploadKindEnum
from .import_upload_request import ImportUploadRequest
from .imports_list_status import ImportsListStatus
from .imports_templates_csv_retrieve_kind import ImportsTemplatesCsvRetrieveKind
from .limited_by_enum import LimitedByEnum
from .marking_enum import MarkingEnum
from .marking_history_entry import MarkingHistoryEntry
from .match_enum import MatchEnum
from .match_request import MatchRequest
from .match_run import MatchRun
from .match_run_objective import MatchRunObjective
from .me import Me
from .measure_enum import MeasureEnum
from .measures import Measures
from .months_covered import MonthsCovered
from .nominal import Nominal
from .offer_input_request import OfferInputRequest
from .offer_request import OfferRequest
from .op_enum import OpEnum
from .origin import Origin
from .origin_shares import OriginShares
from .origins import Origins
from .outcome_enum import OutcomeEnum
from .paginated_allocation_list import PaginatedAllocationList
from .paginated_audit_event_list import PaginatedAuditEventList
from .paginated_capacity_output_list import PaginatedCapacityOutputList
from .paginated_demand_output_list import PaginatedDemandOutputList
from .paginated_emergency_request_list import PaginatedEmergencyRequestList
from .paginated_facility_output_list import PaginatedFacilityOutputList
from .paginated_import_job_list import PaginatedImportJobList
from .paginated_match_run_list import PaginatedMatchRunList
from .paginated_partner_list import PaginatedPartnerList
from .paginated_product_list import PaginatedProductList
from .paginated_purchase_total_output_list import PaginatedPurchaseTotalOutputList
from .paginated_report_run_list_list import PaginatedReportRunListList
from .paginated_review_sector_list import PaginatedReviewSectorList
from .paginated_scenario_run_list import PaginatedScenarioRunList
from .paginated_sharing_group_list import PaginatedSharingGroupList
from .paginated_stockpile_output_list import PaginatedStockpileOutputList
from .paginated_subscription_list import PaginatedSubscriptionList
from .paginated_supply_link_output_list import PaginatedSupplyLinkOutputList
from .paginated_waiver_output_list import PaginatedWaiverOutputList
from .paginated_webhook_delivery_list import PaginatedWebhookDeliveryList
from .paginated_webhook_endpoint_list import PaginatedWebhookEndpointList
from .partner import Partner
from .partner_request import PartnerRequest
from .partner_status_enum import PartnerStatusEnum
from .partners_list_status_item import PartnersListStatusItem
from .patched_capacity_input_request import PatchedCapacityInputRequest
from .patched_demand_input_request import PatchedDemandInputRequest
from .patched_facility_input_request import PatchedFacilityInputRequest
from .patched_partner_update_request import PatchedPartnerUpdateRequest
from .patched_purchase_total_input_request import PatchedPurchaseTotalInputRequest
from .patched_stockpile_input_request import PatchedStockpileInputRequest
from .patched_subscription_update_request import PatchedSubscriptionUpdateRequest
from .patched_supply_link_input_request import PatchedSupplyLinkInputRequest
from .patched_waiver_input_request import PatchedWaiverInputRequest
from .preference_basis_enum import PreferenceBasisEnum
from .priority_enum import PriorityEnum
from .problem import Problem
from .problem_errors import ProblemErrors
from .product import Product
from .product_input_line import ProductInputLine
from .products_list_sector_item import ProductsListSectorItem
from .progress import Progress
from .progress_cell import ProgressCell
from .purchase_total_input_request import PurchaseTotalInputRequest
from .purchase_total_output import PurchaseTotalOutput
from .purchase_totals_list_format import PurchaseTotalsListFormat
from .purchase_totals_list_marking_item import PurchaseTotalsListMarkingItem
from .ranked_country import RankedCountry
from .ranked_dependence import RankedDependence
from .ranked_facility import RankedFacility
from .reason_enum import ReasonEnum
from .report_progress import ReportProgress
from .report_request_request import ReportRequestRequest
from .report_run import ReportRun
from .report_run_list import ReportRunList
from .report_run_result_type_0 import ReportRunResultType0
from .reports_report_html_format import ReportsReportHtmlFormat
from .reports_report_pdf_format import ReportsReportPdfFormat
from .review_sector import ReviewSector
from .review_sector_kind_enum import ReviewSectorKindEnum
from .run_status_enum import RunStatusEnum
from .scenario_country import ScenarioCountry
from .scenario_input_request import ScenarioInputRequest
from .scenario_input_request_demand import ScenarioInputRequestDemand
from .scenario_product import ScenarioProduct
from .scenario_result import ScenarioResult
from .scenario_run import ScenarioRun
from .scope_enum import ScopeEnum
from .scouted_facility import ScoutedFacility
from .sector_enum import SectorEnum
from .sectors_list_kind_item import SectorsListKindItem
from .sharing_group import SharingGroup
from .sharing_group_request import SharingGroupRequest
from .single_supplier import SingleSupplier
from .stage import Stage
from .stage_partner import StagePartner
from .stock_figure import StockFigure
from .stock_months import StockMonths
from .stockpile_input_request import StockpileInputRequest
from .stockpile_output import StockpileOutput
from .stockpiles_list_format import StockpilesListFormat
from .stockpiles_list_marking_item import StockpilesListMarkingItem
from .stockpiles_list_sector_item import StockpilesListSectorItem
from .subscription import Subscription
from .subscription_kind_enum import SubscriptionKindEnum
from .subscription_request import SubscriptionRequest
from .subscription_update import SubscriptionUpdate
from .subscription_update_request import SubscriptionUpdateRequest
from .subscriptions_list_kind import SubscriptionsListKind
from .supply_link_input_request import SupplyLinkInputRequest
from .supply_link_output import SupplyLinkOutput
from .supply_links_list_format import SupplyLinksListFormat
from .supply_links_list_marking_item import SupplyLinksListMarkingItem
from .supply_links_list_sector_item import SupplyLinksListSectorItem
from .suppressed_cell import SuppressedCell
from .suppressed_stage_cell import SuppressedStageCell
from .top_country import TopCountry
from .type_enum import TypeEnum
from .unit_enum import UnitEnum
from .verdict_enum import VerdictEnum
from .waiver_input_request import WaiverInputRequest
from .waiver_input_status_enum import WaiverInputStatusEnum
from .waiver_output import WaiverOutput
from .waiver_reason import WaiverReason
from .waiver_response_input_request import WaiverResponseInputRequest
from .waiver_response_output import WaiverResponseOutput
from .waiver_response_output_facility import WaiverResponseOutputFacility
from .waiver_scouting import WaiverScouting
from .waiver_value import WaiverValue
from .waivers_feed_retrieve_format import WaiversFeedRetrieveFormat
from .waivers_list_format import WaiversListFormat
from .waivers_list_marking_item import WaiversListMarkingItem
from .waivers_list_reason_item import WaiversListReasonItem
from .waivers_list_sector_item import WaiversListSectorItem
from .waivers_list_status_item import WaiversListStatusItem
from .webhook_deliveries_list_status import WebhookDeliveriesListStatus
from .webhook_delivery import WebhookDelivery
from .webhook_delivery_status_enum import WebhookDeliveryStatusEnum
from .webhook_endpoint import WebhookEndpoint
from .webhook_endpoint_created import WebhookEndpointCreated
from .webhook_endpoint_request import WebhookEndpointRequest

__all__ = (
    "AcceptRequest",
    "AlliedOutput",
    "AlliedOutputBasisEnum",
    "Allocation",
    "AllocationsListStatus",
    "AllocationSourceType0",
    "AllocationStatusEnum",
    "AnalyticsAlliedCapacityRetrieveBasis",
    "AnalyticsConcentrationRetrieveSector",
    "AnalyticsDependenceRankingRetrieveSector",
    "AnalyticsFacility",
    "ApiRoot",
    "ApiRootLinks",
    "AuditEvent",
    "BlankEnum",
    "Bottleneck",
    "BulkRowResult",
    "BulkRowResultErrors",
    "BulkRowResultStatusEnum",
    "BulkUpsertRequestRequest",
    "BulkUpsertRequestRequestRecordsItem",
    "BulkUpsertResult",
    "CapacitiesListFormat",
    "CapacitiesListMarkingItem",
    "CapacitiesListSectorItem",
    "CapacityFigure",
    "CapacityInputRequest",
    "CapacityOutput",
    "CapacityRatio",
    "CapacityShare",
    "Change",
    "ChangeKindEnum",
    "ChangeRecordType0",
    "ChangesPage",
    "Channel",
    "Chokepoints",
    "Concentration",
    "Content",
    "ContentComponent",
    "ContentComponentBasisEnum",
    "ContentThreshold",
    "CountryCapacity",
    "CountryEnum",
    "Coverage",
    "CoverageSuppressed",
    "DeclineRequest",
    "DemandFigure",
    "DemandInputRequest",
    "DemandOutput",
    "DemandsListFormat",
    "DemandsListMarkingItem",
    "DemandsListSectorItem",
    "Dependence",
    "DependenceRanking",
    "DependenceTier",
    "EmergencyRequest",
    "EmergencyRequestRequest",
    "EmergencyRequestsListPriority",
    "EmergencyRequestsListStatus",
    "EmergencyStatusEnum",
    "EvaluatedOffer",
    "EvaluateInputRequest",
    "Evaluation",
    "EventsEnum",
    "Exposure",
    "ExposureFacility",
    "ExposurePathStep",
    "ExposureTier",
    "ExposureTotal",
    "FacilitiesListFormat",
    "FacilitiesListKindItem",
    "FacilitiesListMarkingItem",
    "FacilitiesListStatusItem",
    "FacilityInputKindEnum",
    "FacilityInputRequest",
    "FacilityInputStatusEnum",
    "FacilityOutput",
    "FacilityRef",
    "FeatureCollection",
    "FeatureCollectionFeaturesItem",
    "GroupMembersChangeRequest",
    "Health",
    "HealthStatusEnum",
    "HhiBandEnum",
    "ImportJob",
    "ImportJobStatusEnum",
    "ImportsListStatus",
    "ImportsTemplatesCsvRetrieveKind",
    "ImportUploadKindEnum",
    "ImportUploadRequest",
    "LimitedByEnum",
    "MarkingEnum",
    "MarkingHistoryEntry",
    "MatchEnum",
    "MatchRequest",
    "MatchRun",
    "MatchRunObjective",
    "Me",
    "MeasureEnum",
    "Measures",
    "MonthsCovered",
    "Nominal",
    "OfferInputRequest",
    "OfferRequest",
    "OpEnum",
    "Origin",
    "Origins",
    "OriginShares",
    "OutcomeEnum",
    "PaginatedAllocationList",
    "PaginatedAuditEventList",
    "PaginatedCapacityOutputList",
    "PaginatedDemandOutputList",
    "PaginatedEmergencyRequestList",
    "PaginatedFacilityOutputList",
    "PaginatedImportJobList",
    "PaginatedMatchRunList",
    "PaginatedPartnerList",
    "PaginatedProductList",
    "PaginatedPurchaseTotalOutputList",
    "PaginatedReportRunListList",
    "PaginatedReviewSectorList",
    "PaginatedScenarioRunList",
    "PaginatedSharingGroupList",
    "PaginatedStockpileOutputList",
    "PaginatedSubscriptionList",
    "PaginatedSupplyLinkOutputList",
    "PaginatedWaiverOutputList",
    "PaginatedWebhookDeliveryList",
    "PaginatedWebhookEndpointList",
    "Partner",
    "PartnerRequest",
    "PartnersListStatusItem",
    "PartnerStatusEnum",
    "PatchedCapacityInputRequest",
    "PatchedDemandInputRequest",
    "PatchedFacilityInputRequest",
    "PatchedPartnerUpdateRequest",
    "PatchedPurchaseTotalInputRequest",
    "PatchedStockpileInputRequest",
    "PatchedSubscriptionUpdateRequest",
    "PatchedSupplyLinkInputRequest",
    "PatchedWaiverInputRequest",
    "PreferenceBasisEnum",
    "PriorityEnum",
    "Problem",
    "ProblemErrors",
    "Product",
    "ProductInputLine",
    "ProductsListSectorItem",
    "Progress",
    "ProgressCell",
    "PurchaseTotalInputRequest",
    "PurchaseTotalOutput",
    "PurchaseTotalsListFormat",
    "PurchaseTotalsListMarkingItem",
    "RankedCountry",
    "RankedDependence",
    "RankedFacility",
    "ReasonEnum",
    "ReportProgress",
    "ReportRequestRequest",
    "ReportRun",
    "ReportRunList",
    "ReportRunResultType0",
    "ReportsReportHtmlFormat",
    "ReportsReportPdfFormat",
    "ReviewSector",
    "ReviewSectorKindEnum",
    "RunStatusEnum",
    "ScenarioCountry",
    "ScenarioInputRequest",
    "ScenarioInputRequestDemand",
    "ScenarioProduct",
    "ScenarioResult",
    "ScenarioRun",
    "ScopeEnum",
    "ScoutedFacility",
    "SectorEnum",
    "SectorsListKindItem",
    "SharingGroup",
    "SharingGroupRequest",
    "SingleSupplier",
    "Stage",
    "StagePartner",
    "StockFigure",
    "StockMonths",
    "StockpileInputRequest",
    "StockpileOutput",
    "StockpilesListFormat",
    "StockpilesListMarkingItem",
    "StockpilesListSectorItem",
    "Subscription",
    "SubscriptionKindEnum",
    "SubscriptionRequest",
    "SubscriptionsListKind",
    "SubscriptionUpdate",
    "SubscriptionUpdateRequest",
    "SupplyLinkInputRequest",
    "SupplyLinkOutput",
    "SupplyLinksListFormat",
    "SupplyLinksListMarkingItem",
    "SupplyLinksListSectorItem",
    "SuppressedCell",
    "SuppressedStageCell",
    "TopCountry",
    "TypeEnum",
    "UnitEnum",
    "VerdictEnum",
    "WaiverInputRequest",
    "WaiverInputStatusEnum",
    "WaiverOutput",
    "WaiverReason",
    "WaiverResponseInputRequest",
    "WaiverResponseOutput",
    "WaiverResponseOutputFacility",
    "WaiverScouting",
    "WaiversFeedRetrieveFormat",
    "WaiversListFormat",
    "WaiversListMarkingItem",
    "WaiversListReasonItem",
    "WaiversListSectorItem",
    "WaiversListStatusItem",
    "WaiverValue",
    "WebhookDeliveriesListStatus",
    "WebhookDelivery",
    "WebhookDeliveryStatusEnum",
    "WebhookEndpoint",
    "WebhookEndpointCreated",
    "WebhookEndpointRequest",
)
